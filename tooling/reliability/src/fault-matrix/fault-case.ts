import type { AccessToken, AuthErrorCode } from '@authwire/core';
import type { Fault, TokenServer, TokenServerOptions } from '@authwire/testing';

/**
 * Upstream token requests, by operation.
 *
 * @example
 * ```ts
 * const calls: UpstreamCalls = { login: 1, refresh: 1 }; // a refresh, then its login fallback
 * ```
 */
export interface UpstreamCalls {
  login: number;
  refresh: number;
}

/**
 * One row of an adapter's fault matrix: what goes wrong on which token operation, and what the
 * provider must do about it. `describeFaultMatrix` runs the rows; `renderFaultMatrix` prints
 * them for `docs/reliability.md`.
 *
 * A `login` row injects its fault into a cold login. A `refresh` row first logs in, then moves
 * the clock to that token's expiry, so that the renewal under test is a refresh (which may
 * fall back to one login).
 *
 * @example
 * ```ts
 * const row: FaultCase = {
 *   name: '503',
 *   target: 'login',
 *   fault: { type: 'status', status: 503 },
 *   expected: 'PROVIDER_UNAVAILABLE',
 *   status: 503,
 *   calls: { login: 1, refresh: 0 },
 *   recovers: true,
 *   recovery: { login: 1, refresh: 0 },
 * };
 * ```
 */
export interface FaultCase {
  /** What goes wrong, in a few words (the doc's "case" column). */
  name: string;
  /** The token operation that misbehaves. */
  target: 'login' | 'refresh';
  /**
   * The fault answered to every `target` call until the case heals the mock. A function builds
   * it from the mock's state (its clock, tokens it issues) at the moment it is injected.
   */
  fault?: Fault | ((server: TokenServer) => Fault);
  /** Token-server options of this case: lifetimes, clock offset, `Date` header. */
  server?: Pick<TokenServerOptions, 'accessLifetimeMs' | 'refreshLifetimeMs' | 'clockOffsetMs' | 'sendDate'>;
  /** Provider options of this case. The matrix default is `retry: { limit: 0 }`. */
  options?: {
    retry?: { limit?: number; backoffMs?: number };
    renewalTimeoutMs?: number;
    requestTimeoutMs?: number;
  };
  /** `refresh` rows: runs before the first login (e.g. to shape its answer). */
  beforeLogin?: (server: TokenServer) => void;
  /** `refresh` rows: runs after the first login, before the renewal (e.g. to spend the refresh token). */
  afterLogin?: (server: TokenServer, token: AccessToken) => void;
  /** `'ok'`, or the code every caller of the renewal gets. */
  expected: AuthErrorCode | 'ok';
  /** With an error: its `status`. */
  status?: number;
  /** With `RATE_LIMITED`: its `retryAfterMs` (the cool-down before the next upstream call). */
  retryAfterMs?: number;
  /** With `'ok'` after a failed refresh: the refresh's code, which made the renewal log in. */
  fallbackFrom?: AuthErrorCode;
  /** With `'ok'`: the token's lifetime, counted from when it was requested, when the case pins it. */
  lifetimeMs?: number;
  /** With `'ok'`: the token looked expired on arrival and a `clock-skew` event reports it. */
  clockSkew?: boolean;
  /** Exact upstream calls of the renewal under test (bounded: retries included). */
  calls: UpstreamCalls;
  /** Whether the next renewal succeeds once the mock is healed (after any cool-down). */
  recovers: boolean;
  /** Exact upstream calls of that recovery renewal. */
  recovery: UpstreamCalls;
}
