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

/** Writes between sweeps at the least: a small store is not swept on every write. */
const MIN_SWEEP = 64;

const sizes = new WeakMap<TokenStore, () => number>();

/** For tests: how many entries a memory store holds (expired ones not swept yet included). */
export const memoryStoreSize = (store: TokenStore): number | undefined => sizes.get(store)?.();

/**
 * An isolated in-memory {@link TokenStore}: for tests and multi-tenant isolation. Providers use
 * a process-wide one by default, so that providers for the same account share one token.
 *
 * @param options - the clock that ages entries
 * @returns a store that keeps entries in this process until their TTL passes (`Infinity`: for
 *   good; an expired entry is dropped when read, or by a later write's sweep); a `set` whose `version` is not greater than the stored entry's is a no-op, and a
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
  // No timers (invariant 6): expired entries are swept by writes, once there have been as many
  // writes since the last sweep as entries it left. A sweep costs at most twice the writes that
  // led to it (O(1) per write, amortised), and the map holds at most what the last sweep left
  // plus what was written since: tenants that come and go cannot grow it (invariant 12).
  let writes = 0;
  let sweepAfter = MIN_SWEEP;
  const sweep = () => {
    const at = now();
    for (const [key, item] of entries) if (at >= item.until) entries.delete(key);
    writes = 0;
    sweepAfter = Math.max(MIN_SWEEP, entries.size);
  };
  const store: TokenStore = {
    async get(key) {
      return live(key)?.entry;
    },
    async set(key, entry, ttlMs) {
      const current = live(key);
      if (current === undefined || current.entry.version < entry.version) {
        entries.set(key, { entry, until: now() + ttlMs });
      }
      if (++writes >= sweepAfter) sweep();
    },
    async delete(key, version) {
      if (version !== undefined && live(key)?.entry.version !== version) return;
      entries.delete(key);
    },
  };
  sizes.set(store, () => entries.size);
  return store;
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
