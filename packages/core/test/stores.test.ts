import { describe, expect, it } from 'vitest';
import { createMemoryStore, isStoredToken, type StoredToken, type TokenStore } from '../src/index.js';
import { acmeSetup, HOUR, useMsw } from './fixtures/setup.js';

const server = useMsw();

describe('memory store', () => {
  it('expires entries after their TTL', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    const entry: StoredToken = { token: { value: 'v', scheme: 'Bearer', expiresAt: 10 }, obtainedAt: 0, version: 1 };
    await store.set('k', entry, 10);
    expect(await store.get('k')).toBe(entry);
    now = 10;
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', entry, 10);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('ages entries by its clock alone: versions decide the compare, the clock only the TTL', async () => {
    let now = 1000;
    const store = createMemoryStore({ now: () => now });
    const entry = (version: number, obtainedAt: number): StoredToken => ({
      token: { value: `v${version}`, scheme: 'Bearer', expiresAt: obtainedAt + 100 },
      obtainedAt,
      version,
    });
    await store.set('k', entry(1, now), 100);
    now = 500; // the clock steps back
    await store.set('k', entry(2, now), 100);
    expect((await store.get('k'))?.version).toBe(2);
    await store.set('k', entry(1, 2000), 100);
    expect((await store.get('k'))?.version).toBe(2);
    now = 600;
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', entry(2, now), Number.POSITIVE_INFINITY);
    now = Number.MAX_SAFE_INTEGER;
    expect((await store.get('k'))?.version).toBe(2);
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
    let other: Pick<StoredToken, 'token' | 'obtainedAt'> | undefined;
    const store: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, entry, ttl) => inner.set(key, entry, ttl),
      delete: (key, version) => inner.delete(key, version),
      async lock(key, ttlMs) {
        log.push(`lock ${ttlMs}`);
        // Another process (same credentials) renewed while we waited for the lock: the next version.
        const stored = await inner.get(key);
        if (other) await inner.set(key, { ...stored, ...other, version: (stored?.version ?? 0) + 1 }, HOUR);
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

describe('isStoredToken', () => {
  const token = { value: 'v', scheme: 'Bearer', expiresAt: 1_763_798_400_000 };
  const entry = { token, obtainedAt: 1_763_798_396_400, version: 1 };

  it('accepts a complete entry, with or without the optional fields', () => {
    expect(isStoredToken(entry)).toBe(true);
    expect(
      isStoredToken({
        token: { ...token, refreshToken: 'r', refreshExpiresAt: 1_763_884_800_000 },
        obtainedAt: 0,
        version: Number.MAX_SAFE_INTEGER,
        credential: 'pbkdf2-sha256$600000$q83vEjRWeJCrze8SNFZ4kA',
      }),
    ).toBe(true);
    expect(isStoredToken({ ...entry, credential: '' })).toBe(true);
    expect(isStoredToken(JSON.parse(JSON.stringify(entry)))).toBe(true);
    expect(isStoredToken(Object.assign(Object.create(null), entry))).toBe(true);
  });

  it('refuses an entry without a valid version: missing, zero, negative, fractional, unsafe, not a number', () => {
    const { version: _, ...unversioned } = entry;
    expect(isStoredToken(unversioned)).toBe(false);
    for (const version of [
      0,
      -1,
      1.5,
      Number.MAX_SAFE_INTEGER + 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '1',
      null,
      1n,
    ]) {
      expect(isStoredToken({ ...entry, version }), String(version)).toBe(false);
    }
  });

  it('refuses every other incomplete or ill-typed field', () => {
    const bad: Record<string, unknown>[] = [
      { ...entry, obtainedAt: undefined },
      { ...entry, obtainedAt: '1' },
      { ...entry, obtainedAt: Number.NaN },
      { ...entry, obtainedAt: Number.POSITIVE_INFINITY },
      { ...entry, token: undefined },
      { ...entry, token: null },
      { ...entry, token: 'v' },
      { ...entry, token: { ...token, value: 1 } },
      { ...entry, token: { ...token, scheme: undefined } },
      { ...entry, token: { ...token, expiresAt: '1' } },
      { ...entry, token: { ...token, expiresAt: Number.NaN } },
      { ...entry, token: { ...token, expiresAt: null } },
      { ...entry, token: { ...token, refreshToken: 1 } },
      { ...entry, token: { ...token, refreshToken: null } },
      { ...entry, token: { ...token, refreshExpiresAt: '1' } },
      { ...entry, token: { ...token, refreshExpiresAt: Number.POSITIVE_INFINITY } },
      { ...entry, token: { ...token, refreshExpiresAt: null } },
      { ...entry, credential: 1 },
      { ...entry, credential: null },
      { ...entry, credential: { hash: 'x' } },
    ];
    for (const value of bad) expect(isStoredToken(value), JSON.stringify(value)).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    const odd = [
      null,
      undefined,
      0,
      1,
      '',
      'text',
      true,
      [],
      [entry],
      () => entry,
      Symbol('x'),
      1n,
      Object.create(null),
    ];
    for (const value of odd) expect(() => isStoredToken(value)).not.toThrow();
    for (const value of odd) expect(isStoredToken(value)).toBe(false);
  });
});
