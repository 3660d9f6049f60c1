import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileStore } from '@authwire/core/node';
import { describeStoreConformance } from '@authwire/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore, type StoredToken, type TokenStore } from '../src/index.js';
import { acmeSetup, HOUR, useMsw } from './fixtures/setup.js';

const server = useMsw();
const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'authwire-file-store-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// The memory store is the reference every other store is held to.
describeStoreConformance({ name: 'memory store', create: () => createMemoryStore(), lock: false });
describeStoreConformance({
  name: 'file store',
  create: async () => createFileStore({ path: join(await tempDir(), 'tokens') }),
  lock: true,
});

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');
/** An entry of `version`, obtained `version` seconds after a fixed instant. */
const entry = (version: number, value = `token-${version}`): StoredToken => {
  const obtainedAt = 1_763_798_400_000 + version * 1000;
  return {
    token: { value, scheme: 'Bearer', expiresAt: obtainedAt + HOUR, refreshToken: `r-${value}` },
    obtainedAt,
    version,
  };
};

describe('file store', () => {
  it('is the one export of @authwire/core/node', async () => {
    expect(Object.keys(await import('@authwire/core/node')).sort()).toEqual(['backoff', 'createFileStore']);
  });

  it('checks its options at once', () => {
    expect(() => createFileStore({ path: '' })).toThrow(/missing required option 'path'/);
    expect(() => createFileStore(undefined as never)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('creates its directory 0700 and token files 0600, named by a hash, never by the key', async () => {
    const dir = join(await tempDir(), 'nested', 'tokens');
    const store = createFileStore({ path: dir });
    const key = 'masters-india|https://api-platform.mastersindia.co|v1|alice@example.com';
    await store.set(key, entry(Date.now()), HOUR);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files).toEqual([`${hashOf(key)}.json`]);
    expect((await stat(join(dir, files[0] ?? ''))).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary or lock files behind', async () => {
    const dir = await tempDir();
    const store = createFileStore({ path: dir });
    await store.set('k', entry(1), HOUR);
    const release = await store.lock?.('k', 5000);
    await release?.();
    await store.delete('k', 2);
    expect(await readdir(dir)).toEqual([expect.stringMatching(/\.json$/)]);
    await store.delete('k', 1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('compares and deletes under the write lock, as set compares and writes: a writer holding it is waited for', async () => {
    const dir = await tempDir();
    const store = createFileStore({ path: dir });
    await store.set('k', entry(1), HOUR);
    // Another process is inside its compare-and-write.
    const writeLock = join(dir, `${hashOf('k')}.write.lock`);
    await writeFile(writeLock, JSON.stringify({ owner: 'other', expiresAt: Date.now() + 60_000 }));
    let deleted = false;
    const deleting = store.delete('k', 1).then(() => {
      deleted = true;
    });
    // A delete of a version that is not stored has nothing to compare under the lock: it returns.
    await store.delete('k', 2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(deleted).toBe(false);
    expect((await store.get('k'))?.version).toBe(1);
    await rm(writeLock);
    await deleting;
    expect(await store.get('k')).toBeUndefined();
  });

  it('two store instances on one directory ("processes"): deletes of the old version racing a set of the newer keep the newer', async () => {
    const dir = await tempDir();
    const [writer, deleter] = [createFileStore({ path: dir }), createFileStore({ path: dir })];
    // Round by round the deletes start a millisecond later: before, while and after the set writes.
    for (let round = 0; round < 12; round++) {
      const key = `k${round}`;
      await writer.set(key, entry(1), HOUR);
      const deletes = Array.from({ length: 20 }, () =>
        new Promise((resolve) => setTimeout(resolve, round)).then(() => deleter.delete(key, 1)),
      );
      await Promise.all([...deletes, writer.set(key, entry(2), HOUR)]);
      expect((await deleter.get(key))?.version, `round ${round}`).toBe(2);
    }
  });

  it('never holds the password: the file holds the token the engine stored', async () => {
    const dir = await tempDir();
    const { provider, mock } = acmeSetup(server, {}, { store: createFileStore({ path: dir }) });
    const token = await provider.getToken();
    const [file] = await readdir(dir);
    const text = await readFile(join(dir, file ?? ''), 'utf8');
    expect(text).toContain(token.value);
    expect(text).not.toContain(mock.server.password);
  });

  it('survives a crash mid-write: a torn file reads as no entry, never throws, and the next set fixes it', async () => {
    const dir = await tempDir();
    const store = createFileStore({ path: dir });
    await store.set('k', entry(1000), HOUR);
    const [file] = await readdir(dir);
    const path = join(dir, file ?? '');
    const whole = await readFile(path, 'utf8');
    // A writer killed before its rename leaves a temp file: the entry is untouched.
    await writeFile(join(dir, `${hashOf('k')}.0000.tmp`), whole.slice(0, 17));
    expect((await store.get('k'))?.version).toBe(1000);
    // Even a torn or corrupt token file (a file system without atomic rename) is no entry.
    for (const torn of [whole.slice(0, whole.length / 2), '', '\u0000\u0000', 'null', '{"key":"k"}', '[1,2]']) {
      await writeFile(path, torn);
      await expect(store.get('k')).resolves.toBeUndefined();
    }
    await store.set('k', entry(500), HOUR); // a smaller version may replace an unreadable file
    expect((await store.get('k'))?.version).toBe(500);
  });

  it('survives a writer killed (SIGKILL) in the middle of its writes: the last whole entry, or none', async () => {
    const dir = await tempDir();
    const source = fileURLToPath(new URL('../src/node/index.ts', import.meta.url));
    const script = `
      import { createFileStore } from ${JSON.stringify(source)};
      const store = createFileStore({ path: ${JSON.stringify(dir)} });
      const big = 'x'.repeat(200_000); // long writes: the kill lands mid-write
      for (let version = 1; ; version++) {
        await store.set('k', { token: { value: big + version, scheme: 'Bearer', expiresAt: Date.now() + 60_000 }, obtainedAt: Date.now(), version }, 60_000);
        if (version === 20) console.log('writing');
      }
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout?.on('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const store = createFileStore({ path: dir });
    const survived = await store.get('k');
    expect(survived?.version).toBeGreaterThanOrEqual(20);
    expect(survived?.token.value).toMatch(/^x{200000}\d+$/);
    await store.set('k', entry(1_000_000), HOUR); // and the store goes on: stray temp or lock files do not matter
    expect((await store.get('k'))?.version).toBe(1_000_000);
  }, 20_000);

  it('honours TTL on get, also across store instances', async () => {
    const dir = await tempDir();
    await createFileStore({ path: dir }).set('k', entry(1), 100);
    const other = createFileStore({ path: dir });
    expect(await other.get('k')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await other.get('k')).toBeUndefined();
  });

  it('takes over a lock file left by a crashed process once it expires, and an unreadable one after lockStaleMs', async () => {
    const dir = await tempDir();
    const store = createFileStore({ path: dir, lockStaleMs: 300 });
    const lockFile = join(dir, `${hashOf('k')}.lock`);
    // A holder that died: its lock file says it expired a moment ago.
    await writeFile(lockFile, JSON.stringify({ owner: 'dead', expiresAt: Date.now() - 1 }));
    let started = Date.now();
    await (await store.lock?.('k', 5000))?.();
    expect(Date.now() - started).toBeLessThan(200);
    // A holder that died between creating its lock file and writing it: stale after lockStaleMs.
    await writeFile(lockFile, '');
    started = Date.now();
    await (await store.lock?.('k', 5000))?.();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up waiting for a lock after its TTL when a live holder keeps it', async () => {
    const dir = await tempDir();
    const store = createFileStore({ path: dir });
    // Someone holds it with a much longer TTL than ours.
    await writeFile(
      join(dir, `${hashOf('k')}.lock`),
      JSON.stringify({ owner: 'other', expiresAt: Date.now() + 60_000 }),
    );
    await expect(store.lock?.('k', 200)).rejects.toThrow(/not acquired within 200 ms/);
  });
});

describe('file store under the engine: processes on one machine share one token', () => {
  it('two "processes" (separate store instances, separate providers), 2 × 200 concurrent calls → 1 login; a restart reuses it', async () => {
    const dir = await tempDir();
    const { make, calls, mock } = acmeSetup(server, {}, { store: createFileStore({ path: dir }) });
    const processes = [createFileStore({ path: dir }), createFileStore({ path: dir })].map((store) =>
      make({}, { store }),
    );
    const tokens = await Promise.all(processes.flatMap((p) => Array.from({ length: 200 }, () => p.getToken())));
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(calls.login).toBe(1);
    const restarted = make({}, { store: createFileStore({ path: dir }) });
    expect((await restarted.getToken()).value).toBe(tokens[0]?.value);
    expect(calls.login + calls.refresh).toBe(1);
    expect(mock.server.calls.refresh).toBe(0);
  });

  it('a renewal in one "process" is adopted by another after it takes the lock: one refresh in all', async () => {
    const dir = await tempDir();
    const stores: [TokenStore, TokenStore] = [createFileStore({ path: dir }), createFileStore({ path: dir })];
    const { make, calls, clock } = acmeSetup(server, {}, { store: stores[0] });
    const [a, b] = [make({}, { store: stores[0] }), make({}, { store: stores[1] })];
    const first = await a.getToken();
    expect((await b.getToken()).value).toBe(first.value);
    clock.advance(HOUR);
    const [fromA, fromB] = await Promise.all([a.getToken(), b.getToken()]);
    expect(fromA.value).toBe(fromB.value);
    expect(fromA.value).not.toBe(first.value);
    expect(calls).toMatchObject({ login: 1, refresh: 1 });
  });
});
