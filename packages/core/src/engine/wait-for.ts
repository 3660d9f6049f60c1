import { AuthError } from '../errors/auth-error.js';

/** The error of a caller whose signal fired. */
export function abortedError(provider: string): AuthError {
  return new AuthError('ABORTED', `${provider}: the caller aborted while waiting for a token`, { provider });
}

/**
 * Settles like `promise`, or rejects with `error()` as soon as `signal` fires; `promise` itself
 * runs on (other waiters may still want it).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, error: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(error());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Rejects with `ABORTED` when the caller's signal fires; the shared `promise` runs on. */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined, provider: string): Promise<T> {
  return signal === undefined ? promise : untilAborted(promise, signal, () => abortedError(provider));
}
