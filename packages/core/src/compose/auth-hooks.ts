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
    ((request: Request, options: object) => Promise<undefined>) &
      ((state: { readonly request: Request; readonly options: object }) => Promise<undefined>)
  >;
  beforeRetry: Array<(state: { readonly error: unknown }) => undefined>;
  afterResponse: Array<
    ((request: Request, options: object, response: Response) => Promise<Response | undefined>) &
      ((state: {
        readonly request: Request;
        readonly options: object;
        readonly response: Response;
      }) => Promise<Response | undefined>)
  >;
}

/** ky 2's state object, or the one rebuilt from ky 1's positional arguments. */
function stateOf(args: readonly unknown[]): KyHookState {
  const [first] = args;
  // A ky 2 state holds the request; a Request (ky 1's first argument) has no `request`.
  if (typeof first === 'object' && first !== null && 'request' in first) return first as KyHookState;
  return { request: args[0] as Request, options: args[1] as object, response: args[2] as Response };
}

/** The header set on one ky call, and a copy of its body taken before sending, for a replay. */
interface Sent {
  header: string;
  /** `undefined`: no body, or a one-shot body (never copied, never replayed). */
  spare: Request | undefined;
  oneShot: boolean;
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
  // The header we set, by ky call. ky hands afterResponse a clone of the Request beforeRequest
  // got (or, in ky 2 without retries, the consumed Request itself), but the same `context` object
  // (a new one per call): a header counts as ours only if it is the one we set on that call, so a
  // caller's own Authorization (options, a Request input, another hook) is never invalidated nor
  // replaced. The token is read back from the header.
  const sent = new WeakMap<object, Sent>();
  const contextOf = (kyOptions: object) => (kyOptions as { context: object }).context;

  const beforeRequest = async (...args: unknown[]): Promise<undefined> => {
    const { request, options: kyOptions } = stateOf(args);
    if (!policy.allows(request.url, request.headers)) return undefined;
    const token = await provider.getToken({ signal: request.signal });
    const header = headerValueOf(token);
    request.headers.set(policy.headerName, header);
    // ky keeps the caller's body in its options: a one-shot one is neither copied nor replayed.
    const oneShot = isOneShot((kyOptions as { body?: unknown }).body);
    const spare = request.body === null || oneShot ? undefined : request.clone();
    sent.set(contextOf(kyOptions), { header, spare, oneShot });
    return undefined;
  };

  const afterResponse = async (...args: unknown[]): Promise<Response | undefined> => {
    const { request, options: kyOptions, response } = stateOf(args);
    const context = contextOf(kyOptions);
    const ours = sent.get(context);
    const header = request.headers.get(policy.headerName);
    if (ours === undefined || header !== ours.header || response === undefined || !policy.allowsOrigin(request.url))
      return undefined;
    if (!(await policy.rejects(response))) return undefined;
    // One replay per call, whatever ky does next.
    sent.delete(context);
    if (ours.oneShot) {
      // Cannot be sent again: the rejected response goes back as it is, and the next request
      // gets a new token.
      await provider.invalidate(tokenOfHeader(header));
      return undefined;
    }
    const next = await policy.renew(tokenOfHeader(header), request.signal);
    if (next === undefined) return undefined;
    discard(response);
    const replay = new Request(ours.spare ?? request);
    replay.headers.set(policy.headerName, headerValueOf(next));
    // Sent once, through the instance's own fetch (ky 1 keeps it in its normalized options,
    // untyped; ky 2 does not hand it to hooks: the global fetch): the replay does not pass through
    // these hooks again, so it cannot loop.
    const send = (kyOptions as { fetch?: typeof fetch }).fetch ?? globalThis.fetch;
    return send(replay);
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
