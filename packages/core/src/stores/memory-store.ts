import type { StoredToken, TokenStore } from '../types/store.js';

/**
 * Options of {@link createMemoryStore}.
 *
 * @example
 * ```ts
 * import { createMemoryStore } from '@authwire/core';
 *
 * let now = Date.parse('2026-01-01T00:00:00Z');
 * const store = createMemoryStore({ now: () => now });
 * now += 3_600_000; // entries age with this clock, not the system's
 * ```
 */
export interface MemoryStoreOptions {
  /**
   * The clock that ages entries.
   * @default Date.now
   */
  now?: () => number;
}

/**
 * An isolated in-memory {@link TokenStore}: for tests and multi-tenant isolation. Providers use
 * a process-wide one by default, so that providers for the same account share one token.
 *
 * @param options - the clock that ages entries
 * @returns a store that keeps entries in this process until their TTL passes (`Infinity`: for
 *   good); a `set` whose `version` is not greater than the stored entry's is a no-op, and a
 *   `delete(key, version)` removes the entry only while it has that version
 * @example
 * ```ts
 * import { createMemoryStore } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const provider = mastersIndia(config, { store: createMemoryStore() });
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): TokenStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { entry: StoredToken; until: number }>();
  const live = (key: string) => {
    const item = entries.get(key);
    if (item !== undefined && now() >= item.until) {
      entries.delete(key);
      return undefined;
    }
    return item;
  };
  return {
    async get(key) {
      return live(key)?.entry;
    },
    async set(key, entry, ttlMs) {
      const current = live(key);
      if (current !== undefined && current.entry.version >= entry.version) return;
      entries.set(key, { entry, until: now() + ttlMs });
    },
    async delete(key, version) {
      if (version !== undefined && live(key)?.entry.version !== version) return;
      entries.delete(key);
    },
  };
}

let shared: TokenStore | undefined;

/**
 * The process-wide memory store that providers use when no `store` option is given.
 *
 * @returns the same store on every call
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const a = mastersIndia(config); // uses sharedMemoryStore()
 * const b = mastersIndia(config); // same account: shares a's token and renewals
 * ```
 */
export function sharedMemoryStore(): TokenStore {
  shared ??= createMemoryStore();
  return shared;
}
