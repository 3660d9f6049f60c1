import type { AuthErrorCode } from '../errors/codes.js';
import type { StoredToken } from '../types/store.js';
import type { AccessToken } from '../types/token.js';
import { expirySkew, usableUntil, type WindowOptions } from './windows.js';

/**
 * The engine's rules, as pure functions of their inputs: no clock, no I/O, no state. The engine
 * (create-token-provider.ts) decides with them; tests pin them one by one (test/policy.test.ts)
 * and the reliability oracles import them instead of restating them.
 */

/** Visible ASCII only: what an `Authorization` header value can carry around the one space. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Whether a failure may go away by itself (network, timeout, 5xx, 429): then it cools down and is retried. */
export const isTransient = (code: AuthErrorCode): boolean => code === 'PROVIDER_UNAVAILABLE' || code === 'RATE_LIMITED';

/** Whether a token can be sent in a header at all: anything else would break every request once cached. */
export const isSendable = (token: AccessToken): boolean =>
  HEADER_SAFE.test(token.value) &&
  (token.scheme === '' || HEADER_SAFE.test(token.scheme)) &&
  !Number.isNaN(token.expiresAt);

/**
 * How long callers get the last failure instead of a new upstream call: transient failures cool
 * down for `minRetryIntervalMs` or the provider's `Retry-After`, whichever is longer; others not
 * at all (the next call tries again).
 */
export function coolDownMs(
  failure: { code: AuthErrorCode; retryAfterMs?: number | undefined },
  minRetryIntervalMs: number,
): number {
  return isTransient(failure.code) ? Math.max(minRetryIntervalMs, failure.retryAfterMs ?? 0) : 0;
}

/**
 * Whether the refresh token of `entry` is worth sending at `at`: present, and not known to be
 * dead (its expiry, less the entry's skew margin, is still ahead). A dead one is never sent: it
 * would cost a wasted call and a failure before the login.
 */
export function canRefresh(entry: StoredToken | undefined, at: number, windows: WindowOptions): boolean {
  if (entry?.token.refreshToken === undefined) return false;
  const { token } = entry;
  if (token.refreshExpiresAt === undefined) return true;
  return token.refreshExpiresAt - expirySkew(token.expiresAt - entry.obtainedAt, windows) > at;
}

/** A refresh answer without a new refresh token keeps the old one (and its expiry); a rotated one replaces it. */
export function keepRefreshToken(renewed: AccessToken, previous: AccessToken): AccessToken {
  if (renewed.refreshToken !== undefined || previous.refreshToken === undefined) return renewed;
  const kept: AccessToken = { ...renewed, refreshToken: previous.refreshToken };
  if (previous.refreshExpiresAt !== undefined) kept.refreshExpiresAt = previous.refreshExpiresAt;
  return kept;
}

/**
 * Clocks disagree: a token that looks expired on arrival (`receivedAt`) is used for the
 * adapter's default lifetime instead of triggering a login loop, its refresh token's expiry
 * shifted by as much. Returns `undefined` when the token looks fine.
 */
export function correctSkew(
  stored: StoredToken,
  receivedAt: number,
  defaultLifetimeMs: number,
  windows: WindowOptions,
): StoredToken | undefined {
  if (usableUntil(stored, windows) > receivedAt) return undefined;
  const { token } = stored;
  const expiresAt = receivedAt + defaultLifetimeMs;
  const corrected: AccessToken = { ...token, expiresAt };
  if (token.refreshExpiresAt !== undefined)
    corrected.refreshExpiresAt = token.refreshExpiresAt + (expiresAt - token.expiresAt);
  return { ...stored, token: corrected, obtainedAt: receivedAt };
}

/**
 * The version of a renewed entry: one above the entry it replaces and above every version seen
 * for the key — a counter, never a time, so a clock stepping back cannot make an old token newer.
 */
export const nextVersion = (replaced: StoredToken | undefined, highestSeen: number): number =>
  Math.max(highestSeen, replaced?.version ?? 0) + 1;

/**
 * How long a store keeps an entry: until the later of the token's and the refresh token's
 * expiry (a dead access token with a live refresh token still saves a login).
 */
export const storeTtlMs = (token: AccessToken, at: number): number =>
  Math.max(token.expiresAt, token.refreshExpiresAt ?? 0) - at;
