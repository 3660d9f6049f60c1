import { AuthError } from '../errors/auth-error.js';

/** The error of a caller whose signal fired. */
export function abortedError(provider: string): AuthError {
  return new AuthError('ABORTED', `${provider}: the caller aborted while waiting for a token`, { provider });
}

/** Rejects with `ABORTED` when the caller's signal fires; the shared `promise` runs on. */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined, provider: string): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(provider));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
