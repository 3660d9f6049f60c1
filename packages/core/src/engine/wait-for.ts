import { AuthError } from '../errors/auth-error.js';

/** The error of a caller whose signal fired. */
export function abortedError(provider: string): AuthError {
  return new AuthError('ABORTED', `${provider}: the caller aborted while waiting for a token`, { provider });
}

/** One wait on a shared promise. */
interface Waiter {
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  error: () => Error;
}

/** The waiters of one shared promise that hold the same signal, and the one listener they share. */
interface Group {
  waiters: Waiter[];
  onAbort: () => void;
}

/**
 * The waiters of each pending promise, by signal: N callers sharing a signal cost one listener on
 * it, not N (DESIGN invariant 12); every listener goes when the promise settles.
 */
const waiting = new WeakMap<Promise<unknown>, Map<AbortSignal, Group>>();

function watch(promise: Promise<unknown>): Map<AbortSignal, Group> {
  const groups = new Map<AbortSignal, Group>();
  waiting.set(promise, groups);
  const settle = (each: (waiter: Waiter) => void) => {
    waiting.delete(promise);
    for (const [signal, group] of groups) {
      signal.removeEventListener('abort', group.onAbort);
      for (const waiter of group.waiters) each(waiter);
    }
  };
  promise.then(
    (value) => settle((waiter) => waiter.resolve(value)),
    (reason) => settle((waiter) => waiter.reject(reason)),
  );
  return groups;
}

function join(groups: Map<AbortSignal, Group>, signal: AbortSignal): Group {
  const waiters: Waiter[] = [];
  const onAbort = () => {
    groups.delete(signal);
    // One error per kind of waiter (a provider's), not one per waiter.
    let made: (() => Error) | undefined;
    let error: Error | undefined;
    for (const waiter of waiters) {
      if (waiter.error !== made) {
        made = waiter.error;
        error = made();
      }
      waiter.reject(error);
    }
  };
  const group = { waiters, onAbort };
  groups.set(signal, group);
  signal.addEventListener('abort', onAbort, { once: true });
  return group;
}

/**
 * Settles like `promise`, or rejects with `error()` as soon as `signal` fires; `promise` itself
 * runs on (other waiters may still want it). Waiters of one promise that share a signal share
 * one abort listener, and an error when it fires (pass the same `error` function to share it).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, error: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(error());
  const groups = waiting.get(promise) ?? watch(promise);
  const { waiters } = groups.get(signal) ?? join(groups, signal);
  return new Promise<T>((resolve, reject) => {
    waiters.push({ resolve: resolve as (value: unknown) => void, reject, error });
  });
}
