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
  onRequest(params: { readonly request: Request }): undefined | Promise<undefined>;
  /** Replays once, through the client's `fetch`, a request whose token was rejected. */
  onResponse(params: {
    readonly request: Request;
    readonly response: Response;
    readonly options: { readonly fetch: typeof globalThis.fetch };
  }): Response | undefined | Promise<Response | undefined>;
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
  const { headerName } = policy;
  // Recorded on the Request openapi-fetch hands to onRequest and then to onResponse: a header
  // counts as ours only when it is the one we set on that request, so a caller's own
  // Authorization is never invalidated nor replaced, and a request another middleware replaced is
  // left alone.
  const authorise = (request: Request, header: string): undefined => {
    request.headers.set(headerName, header);
    // fetch consumes the body: the replay gets a copy taken before sending.
    policy.mark(request, header, request.body === null ? undefined : request.clone());
    return undefined;
  };

  const recover = async (
    request: Request,
    response: Response,
    rejected: true | Promise<boolean>,
    send: typeof globalThis.fetch,
  ): Promise<Response | undefined> => {
    if (!(await rejected)) return undefined;
    const ours = policy.marked(request);
    if (ours === undefined || request.headers.get(headerName) !== ours.header) return undefined;
    policy.mark(request, undefined);
    const next = await policy.renew(tokenOfHeader(ours.header), request.signal);
    if (next === undefined) return undefined;
    discard(response);
    const replay = new Request((ours.spare as Request | undefined) ?? request);
    replay.headers.set(headerName, headerValueOf(next));
    // Sent once, through the client's own fetch: the replay does not pass through the
    // middleware again, so it cannot loop.
    return send(replay);
  };

  return {
    onRequest({ request }) {
      if (!policy.allows(request.url, request.headers)) return undefined;
      const header = policy.headerValue(request.signal);
      // A token served at once is set at once: no await on the hot path.
      if (typeof header === 'string') return authorise(request, header);
      return header.then((value) => authorise(request, value));
    },
    onResponse({ request, response, options: clientOptions }) {
      // Most responses end here: to a request we did not authorise, or not a rejection (a success
      // costs no header lookup and no await).
      if (policy.marked(request) === undefined) return undefined;
      const rejected = policy.rejects(response);
      if (rejected === false) return undefined;
      return recover(request, response, rejected, clientOptions.fetch);
    },
  };
}
