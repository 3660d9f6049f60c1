import type { AccessToken, TokenProvider } from '../types/token.js';

/**
 * Options of {@link withAuth} and {@link authHooks}.
 *
 * @example
 * ```ts
 * withAuth(provider, { origins: ['https://api.example.com'], retryStatuses: [401, 403] });
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
   * replayed once with a new one.
   * @default [401]
   */
  retryStatuses?: readonly number[];
}

/** Whether a request to `url` may carry the provider's token. */
export function allowsOrigin(origins: ReadonlySet<string>, url: string, base?: string): boolean {
  try {
    return origins.has(new URL(url, base).origin);
  } catch {
    return false;
  }
}

/**
 * Whether `response` speaks for an allowed origin: a 401 after a redirect to another origin (which
 * got no token) says nothing about the token, and must not make us throw it away.
 */
export function answeredByAllowed(origins: ReadonlySet<string>, response: Response): boolean {
  return !response.redirected || allowsOrigin(origins, response.url);
}

/**
 * After a rejection: invalidate `rejected` (generation-checked) and get the next token, or
 * `undefined` when the provider hands out the same one again (a replay would loop).
 */
export async function renewAfterRejection(
  provider: TokenProvider,
  rejected: AccessToken,
  signal: AbortSignal | null,
): Promise<AccessToken | undefined> {
  await provider.invalidate(rejected);
  const next = await provider.getToken(signal ? { signal } : undefined);
  return next.value === rejected.value ? undefined : next;
}

/** Releases a response we will not read. Not awaited: cancellation may never settle (tee'd bodies). */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function isStream(body: unknown): boolean {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
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
 * const api = withAuth(mastersIndia(config));
 * const res = await api('https://api-platform.mastersindia.co/api/v1/some-endpoint/');
 * ```
 */
export function withAuth(provider: TokenProvider, options: WithAuthOptions = {}): typeof fetch {
  const origins = new Set(options.origins ?? provider.origins);
  const retryStatuses = options.retryStatuses ?? [401];
  const send = (input: RequestInfo | URL, init?: RequestInit) => (options.fetch ?? globalThis.fetch)(input, init);
  // The common case, an absolute URL of an allowed origin, is matched without parsing; anything
  // else (other case, port spelled out, relative URL) is parsed: a miss only costs time.
  const prefixes = [...origins].map((origin) => `${origin}/`);
  const allowed = (url: string) =>
    prefixes.some((prefix) => url.startsWith(prefix)) || allowsOrigin(origins, url, globalThis.location?.href);

  /** A `Request` input: its body is copied for a replay unless the caller passed a stream. */
  async function sendRequest(request: Request, streamBody: boolean): Promise<Response> {
    if (!allowed(request.url) || request.headers.has('authorization')) return send(request);
    const token = await provider.getToken({ signal: request.signal });
    const replayable = request.body === null || !streamBody;
    const spare = replayable && request.body !== null ? request.clone() : undefined;
    request.headers.set('authorization', `${token.scheme} ${token.value}`);
    const response = await send(request);
    if (!retryStatuses.includes(response.status) || !replayable || !answeredByAllowed(origins, response)) {
      return response;
    }
    const next = await renewAfterRejection(provider, token, request.signal);
    if (next === undefined) return response;
    discard(response);
    const replay = spare ?? new Request(request);
    replay.headers.set('authorization', `${next.scheme} ${next.value}`);
    return send(replay);
  }

  return async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (input instanceof Request) return sendRequest(new Request(input, init), isStream(init?.body));
    // A URL: no Request is built (fetch builds its own); the init's body, unless a stream, can be
    // sent again as it is.
    const url = typeof input === 'string' ? input : input.href;
    if (!allowed(url)) return send(input, init);
    const headers = new Headers(init?.headers);
    if (headers.has('authorization')) return send(input, init);
    const signal = init?.signal ?? null;
    const token = await provider.getToken(signal ? { signal } : undefined);
    headers.set('authorization', `${token.scheme} ${token.value}`);
    const response = await send(input, { ...init, headers });
    if (!retryStatuses.includes(response.status) || isStream(init?.body) || !answeredByAllowed(origins, response)) {
      return response;
    }
    const next = await renewAfterRejection(provider, token, signal);
    if (next === undefined) return response;
    discard(response);
    headers.set('authorization', `${next.scheme} ${next.value}`);
    return send(input, { ...init, headers });
  };
}
