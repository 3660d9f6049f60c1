import { OAUTH2_CLIENT } from '../servers/api-protocol.js';
import { openapiClient, openapiGet } from './openapi-get.js';
import type { BenchEnv, Contender } from './types.js';

/**
 * openapi-fetch with the auth middleware its docs show ("Middleware & Auth": `onRequest` fetches
 * a token when it has none, then sets the header), plus the one thing every user adds: the
 * token's `expires_in` is kept and a token past it is fetched again. No 401 handling (the docs
 * show none), no single flight: every request that finds the token missing or expired asks the
 * token endpoint itself.
 */
export function openapiFetchMiddleware(env: BenchEnv): Contender {
  let accessToken: string | undefined;
  let expiresAt = 0;
  const form = { grant_type: 'client_credentials', client_id: OAUTH2_CLIENT.id, client_secret: OAUTH2_CLIENT.secret };
  const client = openapiClient(env);
  client.use({
    async onRequest({ request }) {
      if (accessToken === undefined || Date.now() >= expiresAt) {
        const answer = await fetch(env.api.tokenUrl, { method: 'POST', body: new URLSearchParams(form) });
        const body = (await answer.json()) as { access_token: string; expires_in: number };
        accessToken = body.access_token;
        expiresAt = Date.now() + body.expires_in * 1000;
      }
      request.headers.set('Authorization', `Bearer ${accessToken}`);
      return request;
    },
  });
  return { name: 'openapi-fetch + hand-written middleware (docs)', get: (url) => openapiGet(client, url) };
}
