import { createMemoryStore, type TokenStore } from '@authwire/core';

/**
 * A memory store that records every key it is asked for: what a provider's cache key is.
 *
 * @returns the store and the keys it saw
 */
export function recordingStore(): { store: TokenStore; keys: Set<string> } {
  const inner = createMemoryStore();
  const keys = new Set<string>();
  const store: TokenStore = {
    get: (key) => {
      keys.add(key);
      return inner.get(key);
    },
    set: (key, entry, ttl) => {
      keys.add(key);
      return inner.set(key, entry, ttl);
    },
    delete: (key, version) => inner.delete(key, version),
  };
  return { store, keys };
}
