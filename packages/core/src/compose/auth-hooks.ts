import type { Hooks } from 'ky';
import { isAuthError } from '../errors/auth-error.js';
import type { AccessToken, TokenProvider } from '../types/token.js';
import { allowsOrigin, answeredByAllowed, discard, renewAfterRejection, type WithAuthOptions } from './with-auth.js';

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
  // ky hands afterResponse a copy of the request, so tokens are found again by their header.
  // A few recent generations are enough: a response older than that has no token to invalidate.
  const attached = new Map<string, AccessToken>();

  return {
    beforeRequest: [
      async (request) => {
        if (!allowsOrigin(origins, request.url) || request.headers.has('authorization')) return;
        const token = await provider.getToken({ signal: request.signal });
        const header = `${token.scheme} ${token.value}`;
        request.headers.set('authorization', header);
        if (!attached.has(header)) {
          attached.set(header, token);
          if (attached.size > 4) attached.delete(attached.keys().next().value as string);
        }
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
        if (!retryStatuses.includes(response.status) || !answeredByAllowed(origins, response)) return;
        const token = attached.get(request.headers.get('authorization') ?? '');
        if (token === undefined) return;
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
