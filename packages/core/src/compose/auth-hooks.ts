import type { Hooks } from 'ky';
import { isAuthError } from '../errors/auth-error.js';
import type { TokenProvider } from '../types/token.js';
import { authPolicy, discard } from './auth-policy.js';
import { headerValueOf, tokenOfHeader } from './token-header.js';
import type { WithAuthOptions } from './with-auth.js';

/**
 * Options of {@link authHooks}: those of `withAuth` but `fetch` (ky brings its own).
 *
 * @example
 * ```ts
 * import { type AuthHooksOptions, authHooks } from '@authwire/core';
 *
 * const options: AuthHooksOptions = { retryStatuses: [401, 403] };
 * const hooks = authHooks(provider, options);
 * ```
 */
export type AuthHooksOptions = Omit<WithAuthOptions, 'fetch'>;

/**
 * ky hooks that attach the provider's token to requests for its origins and replay a request
 * once, with a new token, when the token is rejected.
 *
 * @param provider - the token provider
 * @param options - the allowed origins and the rejection statuses
 * @returns ky `Hooks` for `ky.create({ hooks })`
 * @example
 * ```ts
 * import { authHooks } from '@authwire/core';
 * import { unionService } from '@authwire/union-service';
 * import ky from 'ky';
 *
 * const provider = unionService({
 *   baseUrl: 'https://union-uat.ist-pay.com',
 *   username: 'api-user',
 *   password: process.env.UNION_PASSWORD!,
 * });
 * const api = ky.create({ prefixUrl: 'https://union-uat.ist-pay.com', hooks: authHooks(provider) });
 * const data = await api.get('union-service/some/endpoint').json();
 * ```
 */
export function authHooks(provider: TokenProvider, options: AuthHooksOptions = {}): Hooks {
  const policy = authPolicy(provider, options);
  // The header we set, by ky call. ky hands afterResponse a clone of the Request beforeRequest
  // got, but the same `context` object (a new one per call): a header counts as ours only if it
  // is the one we set on that call, so a caller's own Authorization (options, a Request input,
  // another hook) is never invalidated nor replaced. The token is read back from the header.
  const sent = new WeakMap<object, string>();

  return {
    beforeRequest: [
      async (request, kyOptions) => {
        if (!policy.allows(request.url, request.headers)) return;
        const token = await provider.getToken({ signal: request.signal });
        const header = headerValueOf(token);
        request.headers.set(policy.headerName, header);
        sent.set(kyOptions.context, header);
      },
    ],
    beforeRetry: [
      ({ error }) => {
        // A token failure thrown by beforeRequest is final for this request: authwire already
        // retried the token call as configured, and re-running login on ky's retry would send
        // a refused password again (up to ky's retry limit).
        if (isAuthError(error)) throw error;
      },
    ],
    afterResponse: [
      async (request, kyOptions, response) => {
        const header = request.headers.get(policy.headerName);
        if (header === null || sent.get(kyOptions.context) !== header || !policy.allowsOrigin(request.url)) return;
        if (!(await policy.rejects(response))) return;
        const next = await policy.renew(tokenOfHeader(header), request.signal);
        if (next === undefined) return;
        discard(response);
        const replay = new Request(request);
        replay.headers.set(policy.headerName, headerValueOf(next));
        // Sent once, through the instance's own fetch (ky keeps it in its normalized options,
        // untyped): the replay does not pass through these hooks again, so it cannot loop.
        const send = (kyOptions as { fetch?: typeof fetch }).fetch ?? globalThis.fetch;
        return send(replay);
      },
    ],
  };
}
