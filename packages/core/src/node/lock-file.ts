import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import type { ReleaseLock } from '../types/store.js';
import { backoff } from './backoff.js';

/** How {@link acquireLockFile} waits and when it considers a lock abandoned. */
export interface LockFileSettings {
  /** Age after which a lock file whose content cannot be read (a crash mid-create) is stale. */
  staleMs: number;
  /** First retry delay of a waiter. */
  retryMs: number;
  /** Longest retry delay of a waiter. */
  retryMaxMs: number;
}

/** What a lock file says: who holds it, until when. */
interface Holder {
  owner: string | undefined;
  expiresAt: number;
  /** The file's content as read: a takeover checks it moved this very file. */
  raw: string;
}

/** How long past `ttlMs` a lock waiter makes its last attempt. */
const LOCK_GRACE_MS = 50;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

async function tryCreate(path: string, owner: string, ttlMs: number): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify({ owner, expiresAt: Date.now() + ttlMs }));
  } finally {
    await handle.close();
  }
  return true;
}

/** The current holder, or `undefined` when the lock file is gone. */
async function readHolder(path: string, staleMs: number): Promise<Holder | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { owner, expiresAt } = JSON.parse(raw) as { owner?: unknown; expiresAt?: unknown };
    if (typeof owner === 'string' && typeof expiresAt === 'number') return { owner, expiresAt, raw };
  } catch {
    // Unreadable: its creator crashed between creating and writing it. Age it by its mtime.
  }
  try {
    return { owner: undefined, expiresAt: (await stat(path)).mtimeMs + staleMs, raw };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes a stale lock. Two waiters may both find it stale: each first moves the file aside
 * (rename is atomic) and checks it moved the stale one; one that moved a fresh lock created
 * meanwhile puts it back.
 */
async function takeOver(path: string, stale: Holder, owner: string): Promise<void> {
  const aside = `${path}.${owner}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = await readFile(aside, 'utf8');
    if (moved !== stale.raw) await link(aside, path).catch(() => undefined);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/**
 * Takes the lock file at `path` for `ttlMs`: created with `O_EXCL` and holding an owner id and
 * an expiry. Waiters retry with bounded backoff; a lock past its expiry is taken over. Waits at
 * most about `ttlMs`, then rejects.
 *
 * @returns the release, which deletes the file only while it still holds our owner id
 */
export async function acquireLockFile(path: string, ttlMs: number, settings: LockFileSettings): Promise<ReleaseLock> {
  const owner = randomUUID();
  // A lock taken with the same TTL before we started has expired by then; the grace covers
  // timer granularity, so that the last look lands after that expiry.
  const deadline = Date.now() + ttlMs + LOCK_GRACE_MS;
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, owner, ttlMs)) return () => releaseLockFile(path, owner);
    const holder = await readHolder(path, settings.staleMs);
    if (holder === undefined) continue; // released meanwhile: try again at once
    if (holder.expiresAt <= Date.now()) {
      await takeOver(path, holder, owner);
      continue;
    }
    if (Date.now() >= deadline) throw new Error(`lock not acquired within ${ttlMs} ms`);
    await backoff(attempt, settings.retryMs, settings.retryMaxMs, Math.min(deadline, holder.expiresAt));
  }
}

async function releaseLockFile(path: string, owner: string): Promise<void> {
  const holder = await readHolder(path, 0);
  if (holder?.owner !== owner) return; // expired and taken over meanwhile: not ours to delete
  await unlink(path).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw error;
  });
}
