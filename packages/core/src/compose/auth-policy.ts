import { EMIT } from '../engine/create-token-provider.js';
import type { AuthEvent } from '../types/events.js';
import type { AccessToken, TokenProvider } from '../types/token.js';

/**
 * What every client binding decides alike (DESIGN.md → Composition), for one provider and the
 * options of one binding: the one mechanism behind `withAuth`, `authHooks`, `authMiddleware` and
 * `@authwire/axios`. A binding only translates its client's request and response to it.
 *
 * @example
 * ```ts
 * import { type AuthPolicy, authPolicy, headerValueOf } from '@authwire/core';
 *
 * const policy: AuthPolicy = authPolicy(provider, {});
 * const headers = new Headers();
 * if (policy.allows('https://api-platform.mastersindia.co/api/v1/x/', headers)) {
 *   headers.set(policy.headerName, headerValueOf(await provider.getToken()));
 * }
 * ```
 */
export interface AuthPolicy {
  /** The header the token goes in (`provider.headerName`). */
  readonly headerName: string;
  /**
   * Whether a request to `url` with `headers` may carry the token: its origin is allowed and it
   * carries no credential header of its own. A request refused for its origin is reported once
   * per origin (`token-withheld`), so that `localhost` vs `127.0.0.1` is never silent.
   */
  allows(url: string, headers?: Headers): boolean;
  /** Whether `url`'s origin is allowed: nothing reported, headers not looked at. */
  allowsOrigin(url: string): boolean;
  /**
   * Whether `response` says that the token it was sent with was rejected — the provider's
   * `isTokenRejected` (or `retryStatuses`, when the binding was given them) — answered by an
   * allowed origin (a 401 after a redirect to another origin, which got no token, says nothing
   * about the token and must not make us throw it away).
   */
  rejects(response: Response): Promise<boolean>;
  /**
   * After a rejection: invalidates `rejected` (generation-checked: a newer token stays) and gets
   * the next token, or `undefined` when the provider hands out the same one again (a replay
   * would be refused too).
   */
  renew(rejected: AccessToken, signal: AbortSignal | null): Promise<AccessToken | undefined>;
}

/**
 * The options an {@link AuthPolicy} is built from: those every binding takes.
 *
 * @example
 * ```ts
 * import type { AuthPolicyOptions } from '@authwire/core';
 *
 * const options: AuthPolicyOptions = { origins: ['https://api.example.com'], retryStatuses: [401, 403] };
 * ```
 */
export interface AuthPolicyOptions {
  /**
   * The origins that receive the token.
   * @default provider.origins
   */
  origins?: readonly string[];
  /**
   * Statuses that mean "this token was rejected", instead of the provider's own `isTokenRejected`.
   * @default provider.isTokenRejected
   */
  retryStatuses?: readonly number[];
}

/** Whether `url`, resolved against `base`, has one of `origins`. */
function hasOrigin(origins: ReadonlySet<string>, url: string, base?: string): boolean {
  try {
    return origins.has(new URL(url, base).origin);
  } catch {
    return false;
  }
}

/** How many distinct withheld origins one binding reports: enough to see a mistake, bounded. */
const MAX_WITHHELD_ORIGINS = 100;

/** The origin of `url`, or `undefined` when it has none. */
function originOf(url: string, base?: string): string | undefined {
  try {
    return new URL(url, base).origin;
  } catch {
    return undefined;
  }
}

/**
 * The decisions of one binding: `options.origins` (default `provider.origins`) and
 * `options.retryStatuses` (default: the provider's `isTokenRejected`). For authors of client
 * bindings; applications use `withAuth`, `authHooks`, `authMiddleware` or `authAxios`.
 *
 * @param provider - the token provider
 * @param options - the binding's origins and rejection statuses
 * @returns the binding's decisions; `token-withheld` is reported once per origin per policy
 * @example
 * ```ts
 * import { authPolicy } from '@authwire/core';
 *
 * const policy = authPolicy(provider, { origins: provider.origins });
 * const rejected = await policy.rejects(new Response(null, { status: 401 }));
 * ```
 */
export function authPolicy(provider: TokenProvider, options: AuthPolicyOptions): AuthPolicy {
  const origins = new Set(options.origins ?? provider.origins);
  const retryStatuses = options.retryStatuses;
  const headerName = provider.headerName ?? 'authorization';
  const emit = (provider as { [EMIT]?: (event: AuthEvent) => void })[EMIT];
  const withheld = new Set<string>();
  // The common case, an absolute URL of an allowed origin, is matched without parsing; anything
  // else (other case, port spelled out, relative URL) is parsed: a miss only costs time.
  const prefixes = [...origins].map((origin) => `${origin}/`);
  const hasOwnCredential = (headers: Headers | undefined) =>
    headers !== undefined && (headers.has('authorization') || headers.has(headerName));
  const rejectedByProvider = (response: Response) =>
    retryStatuses === undefined ? provider.isTokenRejected(response) : retryStatuses.includes(response.status);
  const allowsOrigin = (url: string) =>
    prefixes.some((prefix) => url.startsWith(prefix)) || hasOrigin(origins, url, globalThis.location?.href);
  return {
    headerName,
    allowsOrigin,
    allows(url, headers) {
      if (prefixes.some((prefix) => url.startsWith(prefix))) return !hasOwnCredential(headers);
      const base = globalThis.location?.href;
      if (hasOrigin(origins, url, base)) return !hasOwnCredential(headers);
      const origin = originOf(url, base);
      if (origin !== undefined && !withheld.has(origin) && withheld.size < MAX_WITHHELD_ORIGINS) {
        withheld.add(origin);
        emit?.({ type: 'token-withheld', provider: provider.name, origin });
      }
      return false;
    },
    async rejects(response) {
      if (response.redirected && !hasOrigin(origins, response.url)) return false;
      return rejectedByProvider(response);
    },
    async renew(rejected, signal) {
      await provider.invalidate(rejected);
      const next = await provider.getToken(signal ? { signal } : undefined);
      return next.value === rejected.value ? undefined : next;
    },
  };
}

/** Releases a response we will not read. Not awaited: cancellation may never settle (tee'd bodies). */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * Whether a request body can be read once only — a web `ReadableStream`, a Node `Readable` or any
 * async iterable: sent again, it would be empty or throw, so it is never replayed.
 */
export function isOneShot(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    ((typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) || Symbol.asyncIterator in body)
  );
}
