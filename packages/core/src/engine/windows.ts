import type { StoredToken } from '../types/store.js';
import type { AccessToken } from '../types/token.js';
import type { SlotEntry } from './slots.js';

/** A slot's entry as one provider sees it: its deadlines under that provider's windows. */
export interface View {
  /** The entry the deadlines were computed for (a new entry object means a new view). */
  entry: SlotEntry;
  /** Until then the token is fresh: returned at once. */
  freshUntil: number;
  /** Until then the token is served (stale: with a background renewal); after it, callers wait. */
  usableUntil: number;
  /** `${scheme} ${value}`, built once. */
  header: string;
  /** What `getToken` answers while this view is served: one settled promise, not one per call. */
  servedToken: Promise<AccessToken>;
  /** What `getAuthorizationHeader` answers while this view is served. */
  servedHeader: Promise<string>;
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

/** The point after which a token is no longer served (DESIGN.md → Token lifecycle). */
export function usableUntil(stored: StoredToken, options: WindowOptions): number {
  return stored.token.expiresAt - expirySkew(stored.token.expiresAt - stored.obtainedAt, options);
}

/** Computes a provider's view of an entry: its fresh and usable deadlines, and its header. */
export function toView(entry: SlotEntry, options: WindowOptions): View {
  const { expiresAt, scheme, value } = entry.token;
  const header = scheme === '' ? value : `${scheme} ${value}`;
  const served = { header, servedToken: Promise.resolve(entry.token), servedHeader: Promise.resolve(header) };
  if (entry.rejected) {
    return { entry, freshUntil: Number.NEGATIVE_INFINITY, usableUntil: Number.NEGATIVE_INFINITY, ...served };
  }
  const lifetime = expiresAt - entry.obtainedAt;
  const window = options.refreshWindowMs ?? Math.min(300_000, Math.max(0, lifetime) * 0.1);
  return { entry, freshUntil: expiresAt - window, usableUntil: usableUntil(entry, options), ...served };
}
