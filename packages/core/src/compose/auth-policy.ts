import type { AccessToken, TokenProvider } from '../types/token.js';

/**
 * What every client binding decides alike (DESIGN.md → Composition), for one provider and the
 * options of one binding.
 */
export interface AuthPolicy {
  /** Whether a request to `url` may carry the token. */
  allows(url: string): boolean;
  /**
   * Whether `response` says that the token it was sent with was rejected: a rejection status,
   * answered by an allowed origin (a 401 after a redirect to another origin, which got no token,
   * says nothing about the token and must not make us throw it away).
   */
  rejects(response: Response): boolean;
  /**
   * After a rejection: invalidates `rejected` (generation-checked: a newer token stays) and gets
   * the next token, or `undefined` when the provider hands out the same one again (a replay
   * would be refused too).
   */
  renew(rejected: AccessToken, signal: AbortSignal | null): Promise<AccessToken | undefined>;
}

/** The options an {@link AuthPolicy} is built from: those of `withAuth` and `authHooks`. */
export interface AuthPolicyOptions {
  origins?: readonly string[];
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

/** The decisions of one binding: `options.origins` (default `provider.origins`) and `options.retryStatuses` (default `[401]`). */
export function authPolicy(provider: TokenProvider, options: AuthPolicyOptions): AuthPolicy {
  const origins = new Set(options.origins ?? provider.origins);
  const retryStatuses = options.retryStatuses ?? [401];
  // The common case, an absolute URL of an allowed origin, is matched without parsing; anything
  // else (other case, port spelled out, relative URL) is parsed: a miss only costs time.
  const prefixes = [...origins].map((origin) => `${origin}/`);
  return {
    allows: (url) =>
      prefixes.some((prefix) => url.startsWith(prefix)) || hasOrigin(origins, url, globalThis.location?.href),
    rejects: (response) =>
      retryStatuses.includes(response.status) && (!response.redirected || hasOrigin(origins, response.url)),
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
