import type { StoredToken, TokenStore } from '@authwire/core';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * What {@link describeStoreConformance} needs to know of a store.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createFileStore } from '@authwire/core/node';
 * import { describeStoreConformance } from '@authwire/testing/vitest';
 *
 * describeStoreConformance({
 *   name: 'file store',
 *   create: () => createFileStore({ path: mkdtempSync(join(tmpdir(), 'tokens-')) }),
 *   lock: true,
 * });
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

/** An epoch ms with every digit significant. */
const BASE = 1_763_798_400_123;
/** What the engine puts in `credential`: opaque to a store. */
const CREDENTIAL = 'pbkdf2-sha256$600000$q83vEjRWeJCrze8SNFZ4kA7Q-_0';

/**
 * An entry of `version`, with every optional field set (`credential` included). Its
 * `obtainedAt` grows with the version unless given: a test of a clock that stepped back sets it.
 */
function sample(version: number, value = `token-${version}`, obtainedAt = BASE + version * 1000): StoredToken {
  return {
    token: {
      value,
      scheme: 'JWT',
      expiresAt: obtainedAt + 3_600_000,
      refreshToken: `refresh-${value}`,
      refreshExpiresAt: obtainedAt + 86_400_000,
    },
    obtainedAt,
    version,
    credential: CREDENTIAL,
  };
}

/** Shuffles a copy of `items` (Fisher–Yates), so that concurrent calls start in no set order. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Reads `key` over and over, one read at a time; the returned function stops it and resolves to what it saw, in order. */
function watch(store: TokenStore, key: string): () => Promise<(StoredToken | undefined)[]> {
  const seen: (StoredToken | undefined)[] = [];
  let stopped = false;
  const reading = (async () => {
    while (!stopped) seen.push(await store.get(key));
  })();
  return async () => {
    stopped = true;
    await reading;
    return seen;
  };
}

/**
 * The behaviours every {@link TokenStore} must have, as a vitest suite: get / set / delete, TTL
 * (`Infinity` included), versions (a `set` whose `version` is not greater than the stored entry's
 * is a no-op, whatever the `obtainedAt`s say), `credential` kept as it was given, compare-and-delete
 * (`delete(key, version)`), odd keys, atomic compares under concurrent writers and deleters, and —
 * with `lock: true` — mutual exclusion, release, expiry and takeover of an abandoned lock, owner
 * checks on release. It runs against the real store (files, a Redis server), with real time:
 * TTLs of a few hundred milliseconds.
 *
 * @param options - the store's name, factory, cleanup and whether it locks
 * @example
 * ```ts
 * // test/conformance.test.ts of a store package
 * import { createMemoryStore } from '@authwire/core';
 * import { describeStoreConformance } from '@authwire/testing/vitest';
 *
 * describeStoreConformance({ name: 'memory store', create: () => createMemoryStore(), lock: false });
 * ```
 */
export function describeStoreConformance(options: StoreConformanceOptions): void {
  const used: TokenStore[] = [];
  const make = async () => {
    const store = await options.create();
    used.push(store);
    return store;
  };
  const versionOf = async (store: TokenStore, key = 'k') => (await store.get(key))?.version;

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
      const entry = sample(1);
      await store.set('k', entry, 60_000);
      expect(await store.get('k')).toStrictEqual(entry);
      const minimal: StoredToken = {
        token: { value: 'v', scheme: 'Bearer', expiresAt: BASE + 1 },
        obtainedAt: BASE,
        version: 1,
      };
      await store.set('minimal', minimal, 60_000);
      expect(await store.get('minimal')).toStrictEqual(minimal);
    });

    it('keeps `credential` exactly as given, never interpreting it; an entry without one comes back without one', async () => {
      const store = await make();
      const credentials = [
        '',
        CREDENTIAL,
        'pbkdf2-sha256$1$',
        ' "quoted" \\ back\\slash\n\u0000 é 中 🔑 ',
        '{"version":99}',
        'x'.repeat(4096),
      ];
      for (const [i, credential] of credentials.entries()) {
        await store.set(`c${i}`, { ...sample(1), credential }, 60_000);
        expect((await store.get(`c${i}`))?.credential, JSON.stringify(credential)).toBe(credential);
      }
      const { credential: _, ...without } = sample(1);
      await store.set('none', without, 60_000);
      const got = await store.get('none');
      expect(got).toStrictEqual(without);
      expect(got !== undefined && 'credential' in got).toBe(false);
    });

    it('keeps keys apart', async () => {
      const store = await make();
      await store.set('a', sample(1, 'a'), 60_000);
      await store.set('b', sample(1, 'b'), 60_000);
      expect((await store.get('a'))?.token.value).toBe('a');
      expect((await store.get('b'))?.token.value).toBe('b');
    });

    describe('versions: a set replaces the stored entry only with a greater version', () => {
      it('replaces an entry with one of a greater version', async () => {
        const store = await make();
        await store.set('k', sample(1), 60_000);
        await store.set('k', sample(2), 60_000);
        expect(await store.get('k')).toStrictEqual(sample(2));
      });

      it('ignores a set of the same version: the first write of a version stays', async () => {
        const store = await make();
        await store.set('k', sample(3, 'first'), 60_000);
        await store.set('k', sample(3, 'second'), 60_000);
        expect(await store.get('k')).toStrictEqual(sample(3, 'first'));
      });

      it('ignores a set of a smaller version', async () => {
        const store = await make();
        await store.set('k', sample(5, 'newer'), 60_000);
        await store.set('k', sample(4, 'older'), 60_000);
        expect((await store.get('k'))?.token.value).toBe('newer');
      });

      it('compares versions, never times: a smaller version obtained "later" (the clock stepped back) is ignored', async () => {
        const store = await make();
        await store.set('k', sample(7, 'current', BASE), 60_000);
        // The revoked token of version 6 comes back with a later obtainedAt than the current one.
        await store.set('k', sample(6, 'revoked', BASE + 3_600_000), 60_000);
        expect(await store.get('k')).toStrictEqual(sample(7, 'current', BASE));
      });

      it('compares versions, never times: a greater version obtained "earlier" (the clock stepped back) replaces', async () => {
        const store = await make();
        await store.set('k', sample(7, 'before-the-step', BASE + 3_600_000), 60_000);
        await store.set('k', sample(8, 'after-the-step', BASE), 60_000);
        expect(await store.get('k')).toStrictEqual(sample(8, 'after-the-step', BASE));
      });

      it('compares versions as numbers, exactly up to Number.MAX_SAFE_INTEGER', async () => {
        const store = await make();
        await store.set('k', sample(9), 60_000);
        await store.set('k', sample(10), 60_000); // "10" < "9" as text
        expect(await versionOf(store)).toBe(10);
        await store.set('k', sample(9), 60_000);
        expect(await versionOf(store)).toBe(10);
        const top = Number.MAX_SAFE_INTEGER;
        await store.set('k', sample(top - 1), 60_000);
        await store.set('k', sample(top), 60_000);
        await store.set('k', sample(top - 1, 'one-less'), 60_000);
        expect(await store.get('k')).toStrictEqual(sample(top));
      });

      it('compares the version only: another credential of the same version does not replace', async () => {
        const store = await make();
        await store.set('k', sample(2), 60_000);
        await store.set('k', { ...sample(2, 'other-account'), credential: 'pbkdf2-sha256$600000$other' }, 60_000);
        expect(await store.get('k')).toStrictEqual(sample(2));
      });
    });

    it('forgets an entry after its TTL', async () => {
      const store = await make();
      await store.set('k', sample(1), 150);
      expect(await store.get('k')).toBeDefined();
      await sleep(250);
      expect(await store.get('k')).toBeUndefined();
    });

    it('keeps an entry set with ttlMs Infinity (no expiry)', async () => {
      const store = await make();
      await store.set('k', sample(1), Number.POSITIVE_INFINITY);
      expect(await store.get('k')).toStrictEqual(sample(1));
      await store.set('k', sample(2), Number.POSITIVE_INFINITY);
      expect(await versionOf(store)).toBe(2);
    });

    it('accepts any version once the stored entry has expired', async () => {
      const store = await make();
      await store.set('k', sample(5, 'expired'), 100);
      await sleep(200);
      await store.set('k', sample(1, 'smaller-but-live'), 60_000);
      expect((await store.get('k'))?.token.value).toBe('smaller-but-live');
    });

    describe('delete', () => {
      it('without a version, deletes whatever is stored; deleting a missing key resolves', async () => {
        const store = await make();
        await store.set('k', sample(Number.MAX_SAFE_INTEGER), 60_000);
        await store.delete('k');
        expect(await store.get('k')).toBeUndefined();
        await expect(store.delete('k')).resolves.toBeUndefined();
        await expect(store.delete('never-set')).resolves.toBeUndefined();
      });

      it('with the stored version, deletes the entry', async () => {
        const store = await make();
        await store.set('k', sample(3), 60_000);
        await store.delete('k', 3);
        expect(await store.get('k')).toBeUndefined();
      });

      it('with another version, smaller or greater, keeps the entry', async () => {
        const store = await make();
        await store.set('k', sample(3), 60_000);
        for (const version of [2, 4, 1, Number.MAX_SAFE_INTEGER]) {
          await store.delete('k', version);
          expect(await store.get('k'), `delete('k', ${version})`).toStrictEqual(sample(3));
        }
      });

      it('with a version, on a missing key, resolves', async () => {
        const store = await make();
        await expect(store.delete('never-set', 1)).resolves.toBeUndefined();
        await store.set('k', sample(1), 60_000);
        await store.delete('k', 1);
        await expect(store.delete('k', 1)).resolves.toBeUndefined();
      });

      it('with a version, touches only its key', async () => {
        const store = await make();
        await store.set('a', sample(1, 'a'), 60_000);
        await store.set('b', sample(1, 'b'), 60_000);
        await store.delete('a', 1);
        expect(await store.get('a')).toBeUndefined();
        expect((await store.get('b'))?.token.value).toBe('b');
      });
    });

    it('takes keys with any characters, and long ones', async () => {
      const store = await make();
      const keys = [
        'masters-india|https://api-platform.mastersindia.co|v1|user@example.com',
        '../../etc/passwd',
        'a:b/c\\d e\u00e9\u4e2d\u{1f511}',
        'x'.repeat(2000),
      ];
      for (const [i, key] of keys.entries()) await store.set(key, sample(i + 1), 60_000);
      for (const [i, key] of keys.entries()) expect(await versionOf(store, key), key).toBe(i + 1);
      for (const [i, key] of keys.entries()) await store.delete(key, i + 1);
      for (const key of keys) expect(await store.get(key), key).toBeUndefined();
    });

    describe('atomic under concurrency', () => {
      it('keeps the greatest of many concurrent writers, whatever their order; a reader never sees a version go back', async () => {
        const store = await make();
        for (let round = 0; round < 3; round++) {
          const key = `k${round}`;
          const versions = shuffled(Array.from({ length: 20 }, (_, i) => i + 1));
          const stop = watch(store, key);
          // The greatest version carries the oldest obtainedAt: time never decides.
          await Promise.all(
            versions.map((version) => store.set(key, sample(version, `v${version}`, BASE - version), 60_000)),
          );
          const seen = (await stop()).flatMap((entry) => (entry === undefined ? [] : [entry.version]));
          expect(await store.get(key)).toStrictEqual(sample(20, 'v20', BASE - 20));
          expect(seen).toStrictEqual([...seen].sort((x, y) => x - y));
        }
      });

      it('keeps the first of concurrent writers of one version: a reader never sees it replaced', async () => {
        const store = await make();
        const stop = watch(store, 'k');
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.set('k', sample(1, `writer-${i}`), 60_000)));
        const seen = (await stop()).flatMap((entry) => (entry === undefined ? [] : [entry.token.value]));
        const first = (await store.get('k'))?.token.value;
        expect(first).toMatch(/^writer-\d+$/);
        expect(new Set(seen)).toStrictEqual(new Set(seen.length === 0 ? [] : [first]));
      });

      it('compare-and-delete is atomic: 20 deletes of the old version racing a set of a newer one never remove the newer', async () => {
        const store = await make();
        // Round 0 calls the deletes in the same tick as the set, just before it (their first
        // round trips go first); from round 1 on they start a millisecond later each round:
        // before, while and after the set compares and writes.
        for (let round = 0; round < 12; round++) {
          const key = `k${round}`;
          await store.set(key, sample(1), 60_000);
          const remove = () => store.delete(key, 1);
          const deletes = Array.from({ length: 20 }, () => (round === 0 ? remove() : sleep(round - 1).then(remove)));
          await Promise.all([...deletes, store.set(key, sample(2), 60_000)]);
          expect(await store.get(key), `round ${round}`).toStrictEqual(sample(2));
        }
      });
    });

    it('never fails on what it stored: get after set after delete after set', async () => {
      const store = await make();
      for (let i = 1; i <= 5; i++) {
        await store.set('k', sample(i), 60_000);
        expect(await versionOf(store)).toBe(i);
        await store.delete('k', i % 2 === 0 ? i : undefined);
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
