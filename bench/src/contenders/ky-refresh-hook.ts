import ky from 'ky';
import { OAUTH2_CLIENT } from '../servers/api-protocol.js';
import { kyGet } from './ky-get.js';
import type { BenchEnv, Contender } from './types.js';

/**
 * ky with the token refresh of ky's readme (v1.14, `hooks.afterResponse`: on a 401 at the
 * first attempt, post to the token endpoint and `return ky.retry({ request, code })` with the
 * new header) and its `beforeRequest` example attaching the token on the first attempt only.
 * One line is ours: the new token is kept for the next requests.
 *
 * @param timeout - ky's `timeout` (default 10 s), per request
 */
export function kyRefreshHook(env: BenchEnv, timeout: number | false = 10_000): Contender {
  let token: string | undefined;
  const form = { grant_type: 'client_credentials', client_id: OAUTH2_CLIENT.id, client_secret: OAUTH2_CLIENT.secret };
  const api = ky.create({
    timeout,
    hooks: {
      beforeRequest: [
        (request, _options, { retryCount }) => {
          if (retryCount === 0 && token !== undefined) request.headers.set('Authorization', `Bearer ${token}`);
        },
      ],
      afterResponse: [
        async (request, _options, response, state) => {
          if (response.status === 401 && state.retryCount === 0) {
            const answer = await ky
              .post(env.api.tokenUrl, { body: new URLSearchParams(form) })
              .json<{ access_token: string }>();
            token = answer.access_token;
            const headers = new Headers(request.headers);
            headers.set('Authorization', `Bearer ${answer.access_token}`);
            return ky.retry({ request: new Request(request, { headers }), code: 'TOKEN_REFRESHED' });
          }
        },
      ],
    },
  });
  return { name: 'ky + refresh hook (ky docs)', get: (url) => kyGet(api, url) };
}
