import type { AccessToken } from './token.js';

/**
 * What a {@link TokenStore} holds for one account. Never the password.
 *
 * @example
 * ```ts
 * import type { StoredToken } from '@authwire/core';
 *
 * const entry: StoredToken = {
 *   token: { value: 'eyJ…', scheme: 'JWT', expiresAt: Date.now() + 3_600_000 },
 *   obtainedAt: Date.now(),
 *   version: 1,
 * };
 * ```
 */
export interface StoredToken {
  token: AccessToken;
  /** When the token was requested, in epoch ms on the local clock: the start of its lifetime. */
  obtainedAt: number;
  /**
   * The entry's version: a counter (a safe integer ≥ 1), one more than the version of the entry
   * the renewal replaced. It never depends on a clock, so a clock that steps back never makes a
   * replaced token look newer. A store never replaces an entry with one whose version is not
   * greater (compare-and-set), and a `delete` with a version removes only that version.
   */
  version: number;
  /**
   * Binds the entry to the credentials that obtained it: a slow, salted hash
   * (`pbkdf2-sha256$<iterations>$<base64url>`) that a provider with other credentials never
   * matches. Absent when the adapter declares no secrets. Never the password itself, and no fast
   * hash of it.
   */
  credential?: string;
}

/** Releases a lock taken with {@link TokenStore.lock}. Releasing twice, or after the lock expired, is harmless. */
export type ReleaseLock = () => Promise<void>;

/**
 * Where tokens live between calls, restarts and processes: the memory store (default), the
 * file store of `@authwire/core/node`, the Redis store of `@authwire/redis`, or your own —
 * prove it with `describeStoreConformance` from `@authwire/testing/vitest`.
 *
 * Any method may throw (a store that is down): authwire then reports a `store-error` event and
 * carries on in-process, so a store never fails a request by itself.
 *
 * @example
 * ```ts
 * import { createMemoryStore, type TokenStore } from '@authwire/core';
 * import { unionService } from '@authwire/union-service';
 *
 * const store: TokenStore = createMemoryStore();
 * const provider = unionService({ baseUrl: 'https://union-uat.ist-pay.com', username, password }, { store });
 * ```
 */
export interface TokenStore {
  /** The entry under `key`, or `undefined` when there is none, it expired, or it cannot be read. */
  get(key: string): Promise<StoredToken | undefined>;
  /**
   * Stores `entry` under `key` for `ttlMs` milliseconds (`Infinity`: no expiry), unless the store
   * already holds an entry whose `version` is greater or equal: the compare and the write are one
   * atomic step. So a slow writer never puts back a token that another process has already
   * replaced, e.g. a spent refresh token.
   */
  set(key: string, entry: StoredToken, ttlMs: number): Promise<void>;
  /**
   * Removes the entry under `key`, if any. With `version`, removes it only while the stored entry
   * still has that version (an atomic compare-and-delete): deleting a rejected token never removes
   * a newer one that another process stored meanwhile.
   */
  delete(key: string, version?: number): Promise<void>;
  /**
   * Optional cross-process lock: resolves once held, for at most `ttlMs` (then it expires and
   * another holder may take it over). Waits at most about `ttlMs` — by then any lock taken with
   * the same TTL has expired — and rejects if it still cannot take it. authwire takes it around
   * a renewal with a TTL longer than the renewal timeout, and re-reads the store once it holds
   * it, since another process may have renewed meanwhile.
   */
  lock?(key: string, ttlMs: number): Promise<ReleaseLock>;
}
