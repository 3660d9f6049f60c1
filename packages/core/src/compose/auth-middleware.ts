import type { TokenProvider } from '../types/token.js';
import { authPolicy, discard } from './auth-policy.js';
import { headerValueOf, tokenOfHeader } from './token-header.js';
import type { WithAuthOptions } from './with-auth.js';

/**
 * Options of {@link authMiddleware}: those of `withAuth` but `fetch` (openapi-fetch brings its
 * own, and hands it to the middleware).
 *
 * @example
 * ```ts
 * import { type AuthMiddlewareOptions, authMiddleware } from '@authwire/core';
 *
 * const options: AuthMiddlewareOptions = { origins: ['https://api.example.com'], retryStatuses: [401, 403] };
 * const middleware = authMiddleware(provider, options);
 * ```
 */
export type AuthMiddlewareOptions = Omit<WithAuthOptions, 'fetch'>;

/**
 * The openapi-fetch middleware {@link authMiddleware} returns: the structural subset of
 * openapi-fetch's `Middleware` it uses, so that `client.use(authMiddleware(provider))` typechecks
 * without core depending on openapi-fetch.
 *
 * @example
 * ```ts
 * import { type AuthMiddleware, authMiddleware } from '@authwire/core';
 *
 * const middleware: AuthMiddleware = authMiddleware(provider);
 * ```
 */
export interface AuthMiddleware {
  /** Sets the token on a request to an allowed origin that carries no credential of its own. */
  onRequest(params: { readonly request: Request }): Promise<undefined>;
  /** Replays once, through the client's `fetch`, a request whose token was rejected. */
  onResponse(params: {
    readonly request: Request;
    readonly response: Response;
    readonly options: { readonly fetch: typeof globalThis.fetch };
  }): Promise<Response | undefined>;
}

/** What `onRequest` did to a request: the header it set, and a copy of the body for a replay. */
interface Sent {
  header: string;
  spare: Request | undefined;
}

/**
 * openapi-fetch middleware that attaches the provider's token to requests for its origins and
 * replays a request once, with a new token, when the token is rejected. openapi-fetch serializes
 * request bodies (JSON, form data) and hands middleware the Request it built, whose body is kept
 * for the replay: a one-shot body passed through a custom `bodySerializer` cannot be told apart
 * there and is replayed from that copy.
 *
 * @param provider - the token provider
 * @param options - the allowed origins and the rejection statuses
 * @returns a middleware for `client.use()`
 * @example
 * ```ts
 * import { authMiddleware } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const provider = mastersIndia({ username: 'me@example.com', password: process.env.MI_PASSWORD! });
 * const middleware = authMiddleware(provider);
 * // With openapi-fetch:
 * //   const client = createClient<paths>({ baseUrl: 'https://api-platform.mastersindia.co' });
 * //   client.use(middleware);
 * //   const { data } = await client.GET('/api/v1/some-endpoint/');
 * ```
 */
export function authMiddleware(provider: TokenProvider, options: AuthMiddlewareOptions = {}): AuthMiddleware {
  const policy = authPolicy(provider, options);
  // Keyed by the Request openapi-fetch hands to onRequest and then to onResponse: a header counts
  // as ours only when it is the one we set on that request, so a caller's own Authorization is
  // never invalidated nor replaced, and a request another middleware replaced is left alone.
  const sent = new WeakMap<Request, Sent>();

  return {
    async onRequest({ request }) {
      if (!policy.allows(request.url, request.headers)) return undefined;
      const token = await provider.getToken({ signal: request.signal });
      const header = headerValueOf(token);
      request.headers.set(policy.headerName, header);
      // fetch consumes the body: the replay gets a copy taken before sending.
      sent.set(request, { header, spare: request.body === null ? undefined : request.clone() });
      return undefined;
    },
    async onResponse({ request, response, options: clientOptions }) {
      const ours = sent.get(request);
      if (ours === undefined || request.headers.get(policy.headerName) !== ours.header) return undefined;
      sent.delete(request);
      if (!(await policy.rejects(response))) return undefined;
      const next = await policy.renew(tokenOfHeader(ours.header), request.signal);
      if (next === undefined) return undefined;
      discard(response);
      const replay = new Request(ours.spare ?? request);
      replay.headers.set(policy.headerName, headerValueOf(next));
      // Sent once, through the client's own fetch: the replay does not pass through the
      // middleware again, so it cannot loop.
      return clientOptions.fetch(replay);
    },
  };
}
