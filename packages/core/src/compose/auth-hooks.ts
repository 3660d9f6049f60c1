import { isAuthError } from '../errors/auth-error.js';
import type { TokenProvider } from '../types/token.js';
import { authPolicy, discard, isOneShot } from './auth-policy.js';
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

/** What ky hands `beforeRequest` and `afterResponse`, in ky 2's shape (ky 1's is rebuilt from it). */
interface KyHookState {
  readonly request: Request;
  readonly options: object;
  readonly response?: Response;
}

/**
 * The hooks {@link authHooks} returns: each hook is typed with both call shapes, ky 1's positional
 * arguments and ky 2's state object, so that the object is ky `Hooks` for either major without
 * core depending on the one the application installed.
 *
 * @example
 * ```ts
 * import { type AuthHooks, authHooks } from '@authwire/core';
 * import ky from 'ky';
 *
 * const hooks: AuthHooks = authHooks(provider);
 * const api = ky.create({ hooks: { ...hooks, beforeRequest: [...hooks.beforeRequest] } });
 * ```
 */
export interface AuthHooks {
  beforeRequest: Array<
    ((request: Request, options: object) => undefined | Promise<undefined>) &
      ((state: { readonly request: Request; readonly options: object }) => undefined | Promise<undefined>)
  >;
  beforeRetry: Array<(state: { readonly error: unknown }) => undefined>;
  afterResponse: Array<
    ((request: Request, options: object, response: Response) => Response | undefined | Promise<Response | undefined>) &
      ((state: {
        readonly request: Request;
        readonly options: object;
        readonly response: Response;
      }) => Response | undefined | Promise<Response | undefined>)
  >;
}

/** Whether ky handed a hook its state object (ky 2) rather than positional arguments (ky 1). */
function isState(first: unknown): first is KyHookState {
  // A ky 2 state holds the request; a Request (ky 1's first argument) has no `request`.
  return !(first instanceof Request) && typeof first === 'object' && first !== null && 'request' in first;
}

/**
 * ky hooks that attach the provider's token to requests for its origins and replay a request
 * once, with a new token, when the token is rejected.
 *
 * @param provider - the token provider
 * @param options - the allowed origins and the rejection statuses
 * @returns ky `Hooks` for `ky.create({ hooks })`, ky 1.x or 2.x (the call shape is told apart at run
 *   time: ky 1 hands hooks positional arguments, ky 2 one state object)
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
export function authHooks(provider: TokenProvider, options: AuthHooksOptions = {}): AuthHooks {
  const policy = authPolicy(provider, options);
  const { headerName } = policy;
  // What the hooks did to a call is recorded on ky's `context` (a new object per call, handed to
  // both hooks): ky hands afterResponse a clone of the Request beforeRequest got (or, in ky 2
  // without retries, the consumed Request itself). A header counts as ours only if it is the one
  // we set on that call, so a caller's own Authorization (options, a Request input, another hook)
  // is never invalidated nor replaced. The token is read back from the header.
  const contextOf = (kyOptions: object) => (kyOptions as { context: object }).context;

  /** Sets `header` on the call's request and records it, with a copy of the body for a replay. */
  const authorise = (request: Request, kyOptions: object, header: string): undefined => {
    request.headers.set(headerName, header);
    // ky keeps the caller's body in its options: a one-shot one is neither copied nor replayed.
    const oneShot = isOneShot((kyOptions as { body?: unknown }).body);
    policy.mark(contextOf(kyOptions), header, request.body === null || oneShot ? undefined : request.clone(), oneShot);
    return undefined;
  };

  const beforeRequest = (first: unknown, second?: unknown): undefined | Promise<undefined> => {
    const state = isState(first) ? first : undefined;
    const request = state === undefined ? (first as Request) : state.request;
    const kyOptions = state === undefined ? (second as object) : state.options;
    if (!policy.allows(request.url, request.headers)) return undefined;
    const header = policy.headerValue(request.signal);
    // A token served at once is set at once: no await on the hot path.
    if (typeof header === 'string') return authorise(request, kyOptions, header);
    return header.then((value) => authorise(request, kyOptions, value));
  };

  /** After a rejection of a call we authorised: the replay's response, or `undefined` to keep ky's. */
  const recover = async (
    request: Request,
    kyOptions: object,
    response: Response,
    rejected: true | Promise<boolean>,
  ): Promise<Response | undefined> => {
    if (!(await rejected)) return undefined;
    const context = contextOf(kyOptions);
    const ours = policy.marked(context);
    const header = request.headers.get(headerName);
    if (ours === undefined || header !== ours.header || !policy.allowsOrigin(request.url)) return undefined;
    // One replay per call, whatever ky does next.
    policy.mark(context, undefined);
    if (ours.oneShot) {
      // Cannot be sent again: the rejected response goes back as it is, and the next request
      // gets a new token.
      await provider.invalidate(tokenOfHeader(header));
      return undefined;
    }
    const next = await policy.renew(tokenOfHeader(header), request.signal);
    if (next === undefined) return undefined;
    discard(response);
    const replay = new Request((ours.spare as Request | undefined) ?? request);
    replay.headers.set(headerName, headerValueOf(next));
    // Sent once, through the instance's own fetch (ky 1 keeps it in its normalized options,
    // untyped; ky 2 does not hand it to hooks: the global fetch): the replay does not pass through
    // these hooks again, so it cannot loop.
    const send = (kyOptions as { fetch?: typeof fetch }).fetch ?? globalThis.fetch;
    return send(replay);
  };

  const afterResponse = (
    first: unknown,
    second?: unknown,
    third?: unknown,
  ): Response | undefined | Promise<Response | undefined> => {
    const state = isState(first) ? first : undefined;
    const response = state === undefined ? (third as Response | undefined) : state.response;
    const kyOptions = state === undefined ? (second as object) : state.options;
    // Most calls end here: not authorised by us, or answered without a rejection (a success costs
    // no lookup of a header and no await).
    if (response === undefined || policy.marked(contextOf(kyOptions)) === undefined) return undefined;
    const rejected = policy.rejects(response);
    if (rejected === false) return undefined;
    return recover(state === undefined ? (first as Request) : state.request, kyOptions, response, rejected);
  };

  return {
    beforeRequest: [beforeRequest],
    beforeRetry: [
      ({ error }) => {
        // A token failure thrown by beforeRequest is final for this request: authwire already
        // retried the token call as configured, and re-running login on ky's retry would send
        // a refused password again (up to ky's retry limit).
        if (isAuthError(error)) throw error;
        return undefined;
      },
    ],
    afterResponse: [afterResponse],
  };
}
