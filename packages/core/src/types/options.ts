import type { AuthEvent } from './events.js';
import type { TokenStore } from './store.js';

/**
 * The source of time for every decision authwire makes.
 *
 * @example
 * ```ts
 * import type { Clock } from '@authwire/core';
 *
 * let now = Date.parse('2026-01-01T00:00:00Z');
 * const clock: Clock = { now: () => now };
 * ```
 */
export interface Clock {
  now(): number;
}

/**
 * Runtime options of a provider: transport, store, clock, events and timing. Providers of the same
 * account share its token, renewal and last failure, but each decides with its own options.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const renewals = new Map<string, number>();
 * const provider = mastersIndia(config, {
 *   store: createMemoryStore(),
 *   onEvent: (event) => renewals.set(event.type, (renewals.get(event.type) ?? 0) + 1),
 *   refreshWindowMs: 60_000,
 * });
 * ```
 */
export interface TokenProviderOptions {
  /**
   * The `fetch` used for token requests.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Where tokens are kept.
   * @default the process-wide memory store (providers for the same account share a token)
   */
  store?: TokenStore;
  /**
   * The clock behind every time decision.
   * @default Date
   */
  clock?: Clock;
  /** Receives login, refresh, failure, store and clock-skew events. Never secrets. */
  onEvent?: (event: AuthEvent) => void;
  /**
   * How long before expiry a token stops being fresh and a background renewal starts.
   * @default min(5 min, 10 % of the token's lifetime)
   */
  refreshWindowMs?: number;
  /**
   * How long before expiry a token stops being served and callers wait for a renewal.
   * @default min(30 s, 5 % of the token's lifetime)
   */
  expirySkewMs?: number;
  /**
   * After a transient failure (network, 5xx, timeout), how long callers needing a new token
   * get that failure again instead of a new upstream call.
   * @default 1000
   */
  minRetryIntervalMs?: number;
  /**
   * The limit of one renewal's upstream work (refresh, login fallback, retries), independent of
   * callers. With a locking store, waiting for another process's lock comes first and is bounded
   * separately by the lock's TTL (`renewalTimeoutMs + 5 s`, plus 1 s grace); a lock not taken by
   * then is reported as `store-error` and the renewal goes on in-process.
   * @default 30000
   */
  renewalTimeoutMs?: number;
  /**
   * The limit of one store call (`get`, `set`, `delete`, a lock's release). A store that has not
   * answered by then is reported (`store-error`) and authwire goes on in-process. Waiting for a
   * lock is bounded by the lock's TTL instead (see `renewalTimeoutMs`).
   * @default 5000
   */
  storeTimeoutMs?: number;
  /**
   * The limit of one HTTP attempt: sending, the response headers and reading the whole body.
   * @default 10000
   */
  requestTimeoutMs?: number;
  /**
   * Retries of a token request on network errors, timed-out attempts and 502/503/504, with exponential backoff.
   * @default { limit: 2, backoffMs: 300 }
   */
  retry?: { limit?: number; backoffMs?: number };
}
