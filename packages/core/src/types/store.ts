import type { AccessToken } from './token.js';

/**
 * What a {@link TokenStore} holds for one account. Never the password.
 *
 * @example
 * ```ts
 * const entry: StoredToken = { token, obtainedAt: Date.now() };
 * ```
 */
export interface StoredToken {
  token: AccessToken;
  /** When the token was requested, in epoch ms: the start of its lifetime, and its version. */
  obtainedAt: number;
}

/** Releases a lock taken with {@link TokenStore.lock}. */
export type ReleaseLock = () => Promise<void>;

/**
 * Where tokens live between calls, restarts and processes.
 *
 * @example
 * ```ts
 * const store: TokenStore = createMemoryStore();
 * const provider = unionService(config, { store });
 * ```
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  /** Stores `entry` for `ttlMs` milliseconds. */
  set(key: string, entry: StoredToken, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional cross-process lock: resolves once held, for at most `ttlMs`. The renewal re-reads
   * the store after taking it, since another process may have renewed meanwhile.
   */
  lock?(key: string, ttlMs: number): Promise<ReleaseLock>;
}
