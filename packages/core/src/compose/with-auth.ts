import type { TokenProvider } from '../types/token.js';
import { decisions, discard, isOneShot } from './auth-policy.js';
import { headerValueOf, tokenOfHeader } from './token-header.js';

/**
 * Options of {@link withAuth} and {@link authHooks}.
 *
 * @example
 * ```ts
 * import { type WithAuthOptions, withAuth } from '@authwire/core';
 *
 * const options: WithAuthOptions = { origins: ['https://api.example.com'], retryStatuses: [401, 403] };
 * const api = withAuth(provider, options);
 * ```
 */
export interface WithAuthOptions {
  /**
   * The `fetch` to wrap.
   * @default globalThis.fetch (looked up on each call)
   */
  fetch?: typeof fetch;
  /**
   * The origins that receive the token; requests elsewhere go out without it.
   * @default provider.origins
   */
  origins?: readonly string[];
  /**
   * Statuses that mean "this token was rejected": the token is invalidated and the request
   * replayed once with a new one. Overrides the provider's own knowledge of how its APIs reject
   * a token (`provider.isTokenRejected`). A status below 400 never means a rejection (a 2xx that
   * reports an application error is the API's business, not the token's) and is never listed.
   * @default provider.isTokenRejected (for most providers: status 401)
   */
  retryStatuses?: readonly number[];
}

/**
 * Wraps `fetch` so that requests to the provider's origins carry its token, with one
 * generation-aware replay when the token is rejected.
 *
 * @param provider - the token provider
 * @param options - the fetch to wrap, the allowed origins, the rejection statuses
 * @returns a function with the signature of `fetch`
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const api = withAuth(mastersIndia({ username: 'me@example.com', password: process.env.MI_PASSWORD! }));
 * const res = await api('https://api-platform.mastersindia.co/api/v1/some-endpoint/');
 * ```
 */
export function withAuth(provider: TokenProvider, options: WithAuthOptions = {}): typeof fetch {
  const policy = decisions(provider, options);
  const { headerName } = policy;
  const send = (input: RequestInfo | URL, init?: RequestInit) => (options.fetch ?? globalThis.fetch)(input, init);

  // One flow for every input. The caller's input and init go to fetch as they are, with the
  // headers fetch would send (the init's, else the Request's) plus the token: no Request is
  // built for a URL (fetch builds its own), and a caller's Request keeps its own headers.
  return async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let url: string;
    let request: Request | undefined;
    if (typeof input === 'string') url = input;
    else if (input instanceof Request) {
      request = input;
      url = input.url;
    } else url = 'href' in input ? input.href : (input as { url: string }).url;
    const headers = ownHeaders(init?.headers ?? request?.headers);
    if (!policy.allows(url, headers)) return send(input, init);
    const signal = init?.signal !== undefined ? init.signal : (request?.signal ?? null);
    const ready = policy.headerValue(signal);
    const header = typeof ready === 'string' ? ready : await ready;
    // A stream in the init is sent once; a Request's own body is consumed by fetch, so the
    // replay gets a copy taken before sending (the init's other bodies can be sent again).
    const replayable = !isOneShot(init?.body);
    const spare = replayable && request?.body != null && init?.body == null ? request.clone() : undefined;
    const response = await send(input, { ...init, headers: withHeader(headers, headerName, header) });
    const rejected = policy.rejects(response);
    if (rejected === false || !(await rejected)) return response;
    const token = tokenOfHeader(header);
    if (!replayable) {
      // A one-shot body cannot be sent again: the rejected response goes back as it is, and the
      // next request gets a new token.
      await provider.invalidate(token);
      return response;
    }
    const next = await policy.renew(token, signal);
    if (next === undefined) return response;
    discard(response);
    return send(spare ?? input, { ...init, headers: withHeader(headers, headerName, headerValueOf(next)) });
  };
}

/** Headers fetch sends as given, in the form they came in, or the caller's as a `Headers` otherwise. */
type OwnHeaders = Headers | [string, string][] | Record<string, string> | undefined;

/**
 * The caller's headers, kept as they are when fetch reads them as given — absent, a plain object,
 * an array of pairs, a `Headers` — so that the token is added without building a `Headers`; any
 * other form (another library's `Headers`, an iterable) is read into a `Headers` first.
 */
function ownHeaders(headers: HeadersInit | undefined): OwnHeaders {
  if (headers === undefined || headers instanceof Headers || Array.isArray(headers)) return headers;
  const prototype = Object.getPrototypeOf(headers);
  return prototype === Object.prototype || prototype === null
    ? (headers as Record<string, string>)
    : new Headers(headers);
}

/** `headers` plus the token's header, in the same form, the caller's own object left untouched. */
function withHeader(headers: OwnHeaders, name: string, value: string): HeadersInit {
  if (headers === undefined) return { [name]: value };
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    copy.set(name, value);
    return copy;
  }
  if (Array.isArray(headers)) return [...headers, [name, value]];
  return { ...headers, [name]: value };
}
