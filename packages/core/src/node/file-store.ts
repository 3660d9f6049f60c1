import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AuthError } from '../errors/auth-error.js';
import { isStoredToken } from '../stores/is-stored-token.js';
import type { ReleaseLock, StoredToken, TokenStore } from '../types/store.js';
import { acquireLockFile, type LockFileSettings } from './lock-file.js';

/**
 * Options of {@link createFileStore}.
 *
 * @example
 * ```ts
 * import { createFileStore } from '@authwire/core/node';
 *
 * createFileStore({ path: '/var/lib/my-app/tokens', lockStaleMs: 5_000 });
 * ```
 */
export interface FileStoreOptions {
  /**
   * The directory that holds the tokens: one file per account, named by a hash of the key.
   * Created with mode `0700` when missing (an existing directory keeps its mode: do not share
   * one that others can read).
   */
  path: string;
  /**
   * How old a lock file of `lock(key, ttlMs)` must be before it is taken over when its owner and
   * expiry cannot be read (its creator crashed between creating and writing it). Readable locks
   * expire after their own TTL.
   * @default 5000
   */
  lockStaleMs?: number;
  /**
   * The first retry delay of a lock waiter; it doubles up to `lockRetryMaxMs`, with jitter.
   * @default 10
   */
  lockRetryMs?: number;
  /**
   * The longest retry delay of a lock waiter.
   * @default 200
   */
  lockRetryMaxMs?: number;
}

/** What one token file holds. */
interface TokenFile {
  key: string;
  entry: StoredToken;
  /** Epoch ms after which the entry is gone; `null`: never. */
  expiresAt: number | null;
}

/**
 * The TTL of the lock each `set` holds for its compare-and-write (a read, a write, a flush, a
 * rename), and each `delete(key, version)` for its compare-and-unlink: a writer killed inside it
 * delays the next one by this much at most.
 */
const WRITE_LOCK_TTL_MS = 2000;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The entry in `raw`, or `undefined` when it is not a complete token file for `key`. */
function parseTokenFile(raw: string, key: string): TokenFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined; // a torn or corrupt file reads as no entry; the next set replaces it
  }
  const file = data as Partial<TokenFile> | null;
  if (file?.key !== key || !(file.expiresAt === null || isNumber(file.expiresAt)) || !isStoredToken(file.entry)) {
    return undefined;
  }
  return file as TokenFile;
}

/**
 * A {@link TokenStore} on the local file system, for tokens that survive restarts and are
 * shared by the processes of one machine (workers, cron jobs, CLIs). One JSON file per account
 * (mode `0600`, in a `0700` directory), named by a SHA-256 of the key, never holding the
 * password. Writes go to a temporary file in the same directory and are renamed over the old
 * one, so a crash mid-write leaves the old entry or the new one, never half of one; a file that
 * still cannot be read counts as no entry. `set` writes only an entry whose `version` is greater
 * than the stored one's, and `delete(key, version)` removes the entry only while it has that
 * version: each compares and writes (or unlinks) under a short per-key write lock, so writers in
 * different processes never interleave. `lock(key, ttlMs)` is a lock file created with `O_EXCL`
 * holding an owner id and an expiry: waiters retry with bounded backoff, a lock past its expiry
 * is taken over, and a release only deletes a lock that is still its own. For processes on
 * several machines use `@authwire/redis`.
 *
 * @param options - the directory, and lock timing
 * @returns the store; pass it as the `store` option of every provider that should share tokens
 * @example
 * ```ts
 * import { createFileStore } from '@authwire/core/node';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const store = createFileStore({ path: '/var/lib/my-app/tokens' });
 * const provider = mastersIndia(config, { store }); // a restart reuses the stored token
 * ```
 */
export function createFileStore(options: FileStoreOptions): TokenStore {
  if (typeof options?.path !== 'string' || options.path === '') {
    throw new AuthError('CONFIG_INVALID', "createFileStore: missing required option 'path' (a directory)");
  }
  const dir = resolve(options.path);
  const settings: LockFileSettings = {
    staleMs: options.lockStaleMs ?? 5000,
    retryMs: options.lockRetryMs ?? 10,
    retryMaxMs: options.lockRetryMaxMs ?? 200,
  };
  let ready: Promise<unknown> | undefined;
  const ensureDir = async () => {
    ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
  };
  const base = (key: string) => join(dir, createHash('sha256').update(key).digest('hex'));

  async function read(key: string): Promise<TokenFile | undefined> {
    let raw: string;
    try {
      raw = await readFile(`${base(key)}.json`, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    const file = parseTokenFile(raw, key);
    if (file === undefined || (file.expiresAt !== null && Date.now() >= file.expiresAt)) return undefined;
    return file;
  }

  async function write(key: string, file: TokenFile): Promise<void> {
    const temp = `${base(key)}.${randomUUID()}.tmp`;
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(JSON.stringify(file));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, `${base(key)}.json`);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async function remove(key: string): Promise<void> {
    await unlink(`${base(key)}.json`).catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT') throw error;
    });
  }

  /**
   * Runs a compare-and-write (or compare-and-unlink) of `key` under a short lock of its own, so
   * that two writers in different processes cannot interleave them (the renewal lock may be
   * held around us, so it cannot be that one).
   */
  async function underWriteLock(key: string, step: () => Promise<void>): Promise<void> {
    const release = await acquireLockFile(`${base(key)}.write.lock`, WRITE_LOCK_TTL_MS, {
      ...settings,
      staleMs: WRITE_LOCK_TTL_MS,
    });
    try {
      await step();
    } finally {
      await release();
    }
  }

  return {
    async get(key) {
      return (await read(key))?.entry;
    },
    async set(key, entry, ttlMs) {
      await ensureDir();
      await underWriteLock(key, async () => {
        const current = await read(key);
        if (current !== undefined && current.entry.version >= entry.version) return;
        await write(key, { key, entry, expiresAt: Number.isFinite(ttlMs) ? Date.now() + ttlMs : null });
      });
    },
    async delete(key, version) {
      if (version === undefined) return remove(key);
      // Reading needs no lock (a rename swaps whole files): an entry already replaced, the common
      // case after a rejected token, is left alone without waiting on writers.
      if ((await read(key))?.entry.version !== version) return;
      await underWriteLock(key, async () => {
        if ((await read(key))?.entry.version === version) await remove(key);
      });
    },
    async lock(key, ttlMs): Promise<ReleaseLock> {
      await ensureDir();
      return acquireLockFile(`${base(key)}.lock`, ttlMs, settings);
    },
  };
}
