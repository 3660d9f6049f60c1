import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import { API_PATHS, OAUTH2_CLIENT } from '../servers/api-protocol.js';
import type { BenchEnv, Contender } from './types.js';

/**
 * `OAuth2Fetch` from @badgateway/oauth2-client with client credentials, as its README sets it
 * up. `scheduleRefresh: false`: its refresh timer would keep the process alive (and the
 * client-credentials answer has no refresh token to schedule anyway).
 */
export function oauth2Fetch(env: BenchEnv): OAuth2Fetch {
  const client = new OAuth2Client({
    server: env.api.origin,
    tokenEndpoint: API_PATHS.token,
    clientId: OAUTH2_CLIENT.id,
    clientSecret: OAUTH2_CLIENT.secret,
  });
  return new OAuth2Fetch({ client, getNewToken: () => client.clientCredentials(), scheduleRefresh: false });
}

/** `OAuth2Fetch.fetch`. */
export function oauth2FetchContender(env: BenchEnv): Contender {
  const wrapper = oauth2Fetch(env);
  return {
    name: '@badgateway/oauth2-client OAuth2Fetch',
    async get(url) {
      const response = await wrapper.fetch(url);
      await response.json();
      return response.status;
    },
  };
}
