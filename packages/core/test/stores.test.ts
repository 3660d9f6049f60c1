import { describe, expect, it } from 'vitest';
import { createMemoryStore, type StoredToken, type TokenStore } from '../src/index.js';
import { acmeSetup, HOUR, useMsw } from './fixtures/setup.js';

const server = useMsw();

describe('memory store', () => {
  it('expires entries after their TTL', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    const entry: StoredToken = { token: { value: 'v', scheme: 'Bearer', expiresAt: 10 }, obtainedAt: 0 };
    await store.set('k', entry, 10);
    expect(await store.get('k')).toBe(entry);
    now = 10;
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', entry, 10);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('never holds the password', async () => {
    const { provider, store, mock } = acmeSetup(server);
    await provider.getToken();
    const entry = await store.get(`acme|${mock.baseUrl}|${mock.server.username}`);
    expect(entry?.token.value).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain(mock.server.password);
  });
});

describe('a store that fails', () => {
  const broken = (): TokenStore => ({
    get: () => Promise.reject(new Error('ECONNREFUSED redis')),
    set: () => Promise.reject(new Error('ECONNREFUSED redis')),
    delete: () => Promise.reject(new Error('ECONNREFUSED redis')),
    lock: () => Promise.reject(new Error('ECONNREFUSED redis')),
  });

  it('degrades to in-process behaviour and reports store-error, never failing the caller', async () => {
    const { make, calls, events, clock } = acmeSetup(server, {}, { store: broken() });
    const provider = make();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => provider.getToken()));
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(calls.login).toBe(1);
    clock.advance(HOUR);
    await provider.getToken();
    await provider.invalidate(tokens[0]);
    expect(calls.refresh).toBe(1);
    const operations = new Set(events.flatMap((event) => (event.type === 'store-error' ? [event.operation] : [])));
    expect(operations).toEqual(new Set(['get', 'set', 'lock']));
  });
});

describe('a store with a lock', () => {
  it('locks around the renewal and re-reads: a token stored meanwhile is used, no upstream call', async () => {
    const inner = createMemoryStore();
    const log: string[] = [];
    let other: StoredToken | undefined;
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, entry, ttl) => inner.set(key, entry, ttl),
      delete: (key) => inner.delete(key),
      async lock(key, ttlMs) {
        log.push(`lock ${ttlMs}`);
        // Another process renewed while we waited for the lock.
        if (other) await inner.set(key, other, HOUR);
        return async () => {
          log.push('unlock');
        };
      },
    };
    const { make, calls, clock } = acmeSetup(server, {}, { store, renewalTimeoutMs: 1000 });
    const provider = make();
    const first = await provider.getToken();
    expect(log).toEqual(['lock 6000', 'unlock']);
    other = {
      token: { ...first, value: 'renewed-by-another-process', expiresAt: clock.now() + 2 * HOUR },
      obtainedAt: clock.now() + 1,
    };
    clock.advance(HOUR);
    expect((await provider.getToken()).value).toBe('renewed-by-another-process');
    expect(calls.login + calls.refresh).toBe(1);
  });
});
