import type { StoredToken, TokenStore } from '@authwire/core';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * What {@link describeStoreConformance} needs to know of a store.
 *
 * @example
 * ```ts
 * describeStoreConformance({ name: 'file store', create: () => createFileStore({ path: dir }), lock: true });
 * ```
 */
export interface StoreConformanceOptions {
  /** Names the suite, e.g. `'redis store'`. */
  name: string;
  /** A new, empty store for each test (e.g. a fresh directory or key prefix). */
  create: () => Promise<TokenStore> | TokenStore;
  /** Called after each test with the store it used (close connections, remove files). */
  cleanup?: (store: TokenStore) => Promise<void> | void;
  /** Whether the store has a cross-process `lock()`: its behaviours are checked too. */
  lock: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A token entry of version `obtainedAt`, with every optional field set. */
function sample(obtainedAt: number, value = `token-${obtainedAt}`): StoredToken {
  return {
    token: {
      value,
      scheme: 'JWT',
      expiresAt: obtainedAt + 3_600_000,
      refreshToken: `refresh-${value}`,
      refreshExpiresAt: obtainedAt + 86_400_000,
    },
    obtainedAt,
  };
}

/**
 * The behaviours every {@link TokenStore} must have, as a vitest suite: get / set / delete, TTL,
 * versions (a `set` older than the stored entry is a no-op), odd keys, concurrent writers, and —
 * with `lock: true` — mutual exclusion, release, expiry and takeover of an abandoned lock, owner
 * checks on release. It runs against the real store (files, a Redis server), with real time:
 * TTLs of a few hundred milliseconds.
 *
 * @param options - the store's name, factory, cleanup and whether it locks
 * @example
 * ```ts
 * // packages/acme-store/test/conformance.test.ts
 * import { describeStoreConformance } from '@authwire/testing/vitest';
 * describeStoreConformance({ name: 'acme store', create: () => createAcmeStore(), lock: true });
 * ```
 */
export function describeStoreConformance(options: StoreConformanceOptions): void {
  const used: TokenStore[] = [];
  const make = async () => {
    const store = await options.create();
    used.push(store);
    return store;
  };
  const base = 1_763_798_400_123; // an epoch ms with every digit significant

  describe(`${options.name}: store conformance`, () => {
    afterEach(async () => {
      for (const store of used.splice(0)) await options.cleanup?.(store);
    });

    it('returns undefined for a key never set', async () => {
      const store = await make();
      expect(await store.get('never-set')).toBeUndefined();
    });

    it('returns what was set, every field intact', async () => {
      const store = await make();
      const entry = sample(base);
      await store.set('k', entry, 60_000);
      expect(await store.get('k')).toEqual(entry);
      const minimal: StoredToken = { token: { value: 'v', scheme: 'Bearer', expiresAt: base + 1 }, obtainedAt: base };
      await store.set('minimal', minimal, 60_000);
      expect(await store.get('minimal')).toEqual(minimal);
    });

    it('keeps keys apart', async () => {
      const store = await make();
      await store.set('a', sample(base, 'a'), 60_000);
      await store.set('b', sample(base, 'b'), 60_000);
      expect((await store.get('a'))?.token.value).toBe('a');
      expect((await store.get('b'))?.token.value).toBe('b');
    });

    it('replaces an entry with a newer one', async () => {
      const store = await make();
      await store.set('k', sample(base), 60_000);
      await store.set('k', sample(base + 1), 60_000);
      expect((await store.get('k'))?.obtainedAt).toBe(base + 1);
    });

    it('replaces an entry with one of the same version', async () => {
      const store = await make();
      await store.set('k', sample(base, 'first'), 60_000);
      await store.set('k', sample(base, 'second'), 60_000);
      expect((await store.get('k'))?.token.value).toBe('second');
    });

    it('ignores a set older than the stored entry (obtainedAt is the version)', async () => {
      const store = await make();
      await store.set('k', sample(base + 1000, 'newer'), 60_000);
      await store.set('k', sample(base, 'older'), 60_000);
      expect((await store.get('k'))?.token.value).toBe('newer');
    });

    it('forgets an entry after its TTL', async () => {
      const store = await make();
      await store.set('k', sample(base), 150);
      expect(await store.get('k')).toBeDefined();
      await sleep(250);
      expect(await store.get('k')).toBeUndefined();
    });

    it('accepts any version once the stored entry has expired', async () => {
      const store = await make();
      await store.set('k', sample(base + 1000, 'expired'), 100);
      await sleep(200);
      await store.set('k', sample(base, 'older-but-live'), 60_000);
      expect((await store.get('k'))?.token.value).toBe('older-but-live');
    });

    it('deletes an entry; deleting a missing key resolves', async () => {
      const store = await make();
      await store.set('k', sample(base), 60_000);
      await store.delete('k');
      expect(await store.get('k')).toBeUndefined();
      await expect(store.delete('k')).resolves.toBeUndefined();
      await expect(store.delete('never-set')).resolves.toBeUndefined();
    });

    it('takes keys with any characters, and long ones', async () => {
      const store = await make();
      const keys = [
        'masters-india|https://api-platform.mastersindia.co|v1|user@example.com',
        '../../etc/passwd',
        'a:b/c\\d e\u00e9\u4e2d\u{1f511}',
        'x'.repeat(2000),
      ];
      for (const [i, key] of keys.entries()) await store.set(key, sample(base + i), 60_000);
      for (const [i, key] of keys.entries()) expect((await store.get(key))?.obtainedAt, key).toBe(base + i);
    });

    it('keeps the newest of many concurrent writers', async () => {
      const store = await make();
      const versions = Array.from({ length: 20 }, (_, i) => base + i).sort(() => Math.random() - 0.5);
      await Promise.all(versions.map((version) => store.set('k', sample(version), 60_000)));
      expect((await store.get('k'))?.obtainedAt).toBe(base + 19);
    });

    it('never fails on what it stored: get after set after delete after set', async () => {
      const store = await make();
      for (let i = 0; i < 5; i++) {
        await store.set('k', sample(base + i), 60_000);
        expect((await store.get('k'))?.obtainedAt).toBe(base + i);
        await store.delete('k');
        expect(await store.get('k')).toBeUndefined();
      }
    });

    // A capability gap, not a failure: a store without `lock()` (the memory store: one process has
    // nothing to lock against) skips these, as unstorage's testDriver does.
    describe.skipIf(!options.lock)(options.lock ? 'lock' : 'lock (skipped: this store has no lock())', () => {
      const lockOf = (store: TokenStore) => {
        const lock = store.lock?.bind(store);
        if (lock === undefined) throw new Error(`${options.name} has no lock()`);
        return lock;
      };

      it('grants a free lock, and grants it again after release', async () => {
        const lock = lockOf(await make());
        const release = await lock('k', 5000);
        await release();
        const again = await lock('k', 5000);
        await again();
      });

      it('excludes: a second taker waits until the first releases', async () => {
        const lock = lockOf(await make());
        const release = await lock('k', 5000);
        let second = false;
        const waiting = lock('k', 5000).then((releaseSecond) => {
          second = true;
          return releaseSecond;
        });
        await sleep(150);
        expect(second).toBe(false);
        await release();
        const releaseSecond = await waiting;
        expect(second).toBe(true);
        await releaseSecond();
      });

      it('keeps locks of different keys independent', async () => {
        const lock = lockOf(await make());
        const a = await lock('a', 5000);
        const b = await lock('b', 5000);
        await Promise.all([a(), b()]);
      });

      it('lets an abandoned lock expire after its TTL and be taken over', async () => {
        const lock = lockOf(await make());
        await lock('k', 300); // never released: its holder "crashed"
        const started = Date.now();
        const release = await lock('k', 300);
        expect(Date.now() - started).toBeGreaterThanOrEqual(200);
        await release();
      });

      it('never releases a lock that expired and is held by another', async () => {
        const lock = lockOf(await make());
        const stale = await lock('k', 200);
        const current = await lock('k', 5000); // takes over after 200 ms
        await stale(); // too late: must not free `current`
        let third = false;
        const waiting = lock('k', 5000).then((release) => {
          third = true;
          return release;
        });
        await sleep(150);
        expect(third).toBe(false);
        await current();
        await (await waiting)();
      });

      it('releases idempotently', async () => {
        const lock = lockOf(await make());
        const release = await lock('k', 5000);
        await release();
        await release();
        const again = await lock('k', 5000);
        await release(); // an old release must not free the new holder
        let other = false;
        const waiting = lock('k', 5000).then((next) => {
          other = true;
          return next;
        });
        await sleep(100);
        expect(other).toBe(false);
        await again();
        await (await waiting)();
      });

      it('mutual exclusion under contention: 10 concurrent takers never overlap', async () => {
        const lock = lockOf(await make());
        let inside = 0;
        let most = 0;
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            const release = await lock('k', 10_000);
            inside += 1;
            most = Math.max(most, inside);
            await sleep(5);
            inside -= 1;
            await release();
          }),
        );
        expect(most).toBe(1);
      });
    });
  });
}
