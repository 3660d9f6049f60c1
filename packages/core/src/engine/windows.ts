import type { StoredToken } from '../types/store.js';

/** A stored token with its two deadlines, computed once. */
export interface Entry extends StoredToken {
  /** Until then the token is fresh: returned at once. */
  freshUntil: number;
  /** Until then the token is served (stale: with a background renewal); after it, callers wait. */
  usableUntil: number;
  /** `${scheme} ${value}`, built once. */
  header: string;
}

/** Timing overrides of the lifecycle windows. */
export interface WindowOptions {
  refreshWindowMs?: number | undefined;
  expirySkewMs?: number | undefined;
}

/** The skew margin for a token of the given lifetime. */
export function expirySkew(lifetimeMs: number, options: WindowOptions): number {
  return options.expirySkewMs ?? Math.min(30_000, Math.max(0, lifetimeMs) * 0.05);
}

/** Computes the fresh and usable deadlines of a stored token (DESIGN.md → Token lifecycle). */
export function toEntry(stored: StoredToken, options: WindowOptions): Entry {
  const { expiresAt } = stored.token;
  const lifetime = expiresAt - stored.obtainedAt;
  const window = options.refreshWindowMs ?? Math.min(300_000, Math.max(0, lifetime) * 0.1);
  return {
    token: stored.token,
    obtainedAt: stored.obtainedAt,
    freshUntil: expiresAt - window,
    usableUntil: expiresAt - expirySkew(lifetime, options),
    header: `${stored.token.scheme} ${stored.token.value}`,
  };
}
