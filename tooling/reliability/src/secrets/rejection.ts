import { type AuthError, isAuthError } from '@authwire/core';

/**
 * What `promise` rejects with; a test of error paths collects it. A promise that resolves
 * instead fails the test.
 *
 * @param promise - e.g. `provider.getToken()` against a failing mock
 * @returns the rejection reason
 * @example
 * ```ts
 * const error = await rejection(provider.getToken());
 * expect(isAuthError(error) && error.code).toBe('INVALID_CREDENTIALS');
 * ```
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/**
 * The `AuthError` `promise` rejects with. A promise that resolves, or rejects with anything
 * else, fails the test.
 *
 * @param promise - e.g. `provider.getToken()` against a failing mock
 * @returns the `AuthError`
 * @example
 * ```ts
 * const error = await authErrorOf(provider.getToken());
 * expect(error.code).toBe('PROVIDER_UNAVAILABLE');
 * ```
 */
export async function authErrorOf(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAuthError(error)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return error;
}
