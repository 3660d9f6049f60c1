import type { Hooks } from 'ky';
import type { AccessToken, TokenProvider } from '../types/token.js';
import { allowsOrigin, discard, renewAfterRejection, type WithAuthOptions } from './with-auth.js';

/**
 * Options of {@link authHooks}: those of `withAuth` but `fetch` (ky brings its own).
 *
 * @example
 * ```ts
 * authHooks(provider, { retryStatuses: [401] });
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
 * const api = ky.create({ prefixUrl: 'https://union-uat.ist-pay.com', hooks: authHooks(provider) });
 * const data = await api.get('union-service/some/endpoint').json();
 * ```
 */
export function authHooks(provider: TokenProvider, options: AuthHooksOptions = {}): Hooks {
  const origins = new Set(options.origins ?? provider.origins);
  const retryStatuses = options.retryStatuses ?? [401];
  const sent = new WeakMap<Request, AccessToken>();

  return {
    beforeRequest: [
      async (request) => {
        if (!allowsOrigin(origins, request.url) || request.headers.has('authorization')) return;
        const token = await provider.getToken({ signal: request.signal });
        request.headers.set('authorization', `${token.scheme} ${token.value}`);
        sent.set(request, token);
      },
    ],
    afterResponse: [
      async (request, kyOptions, response) => {
        const token = sent.get(request);
        if (token === undefined || !retryStatuses.includes(response.status)) return;
        sent.delete(request);
        const next = await renewAfterRejection(provider, token, request.signal);
        if (next === undefined) return;
        discard(response);
        const replay = new Request(request);
        replay.headers.set('authorization', `${next.scheme} ${next.value}`);
        // Sent once, through the instance's own fetch (ky keeps it in its normalized options,
        // untyped): the replay does not pass through these hooks again, so it cannot loop.
        const send = (kyOptions as { fetch?: typeof fetch }).fetch ?? globalThis.fetch;
        return send(replay);
      },
    ],
  };
}
