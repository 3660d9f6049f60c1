import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits before the next attempt of a lock: exponential from `initialMs`, capped at `maxMs`, with
 * jitter (half to all of the delay) so that waiters do not retry in step, and never past
 * `deadline`. Shared by the file store and `@authwire/redis`; for your own locking store too.
 *
 * @param attempt - 0 for the first retry
 * @param initialMs - the first delay
 * @param maxMs - the largest delay
 * @param deadline - epoch ms not to wait past
 * @returns after the delay
 * @example
 * ```ts
 * import { open } from 'node:fs/promises';
 * import { backoff } from '@authwire/core/node';
 *
 * const tryLock = () => open('/tmp/my-app.lock', 'wx').then((file) => file.close().then(() => true), () => false);
 * const deadline = Date.now() + 5_000;
 * for (let attempt = 0; !(await tryLock()); attempt++) {
 *   if (Date.now() >= deadline) throw new Error('the lock is still taken');
 *   await backoff(attempt, 20, 500, deadline);
 * }
 * ```
 */
export async function backoff(attempt: number, initialMs: number, maxMs: number, deadline: number): Promise<void> {
  const delay = Math.min(initialMs * 2 ** Math.min(attempt, 20), maxMs);
  const jittered = delay / 2 + (Math.random() * delay) / 2;
  await sleep(Math.max(0, Math.min(jittered, deadline - Date.now())));
}
