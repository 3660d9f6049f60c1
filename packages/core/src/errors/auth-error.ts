import { type AuthErrorCode, AuthErrorCodes } from './codes.js';

/**
 * Options of an {@link AuthError}.
 *
 * @example
 * ```ts
 * import { AuthError } from '@authwire/core';
 *
 * new AuthError('RATE_LIMITED', 'slow down', { provider: 'acme', status: 429, retryAfterMs: 5000 });
 * ```
 */
export interface AuthErrorOptions {
  provider?: string;
  status?: number;
  /** A sanitized cause: never carries a request body, a token or a password. */
  cause?: unknown;
  /** With `RATE_LIMITED`: how long to wait, when the provider said. */
  retryAfterMs?: number;
}

/**
 * The one error type authwire throws. Its message, `cause`, `toJSON()` and inspection never
 * hold a secret.
 *
 * @example
 * ```ts
 * import { isAuthError } from '@authwire/core';
 *
 * try {
 *   await provider.getToken();
 * } catch (e) {
 *   if (isAuthError(e)) console.error(e.code, e.provider, e.status);
 * }
 * ```
 */
export class AuthError extends Error {
  override name = 'AuthError' as const;
  /** Stable machine-readable code: see {@link AuthErrorCodes}. */
  readonly code: AuthErrorCode;
  /** The provider's name, when the error concerns one. */
  readonly provider: string | undefined;
  /** The HTTP status that caused it, if any. */
  readonly status: number | undefined;
  /** With `RATE_LIMITED`: milliseconds to wait, when the provider said. */
  readonly retryAfterMs: number | undefined;

  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.provider = options.provider;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** A plain, secret-free description for logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

const CODES: ReadonlySet<unknown> = new Set(Object.values(AuthErrorCodes));

/**
 * Tells whether `error` is an {@link AuthError}, also one made by another copy of the package
 * (two versions in one `node_modules`), which `instanceof` does not see. Such a copy is recognised
 * by its whole shape: an `Error` named `'AuthError'` whose `code` is one of {@link AuthErrorCodes},
 * with its own `provider` (a string or `undefined`), a `status` that is a number or `undefined`,
 * and a `toJSON()` method. Another library's error that merely copied the name and a code
 * (`{ name: 'AuthError', code: 'ERR_BAD_REQUEST' }`) is not one.
 *
 * @param error - anything caught
 * @returns true for an AuthError of any copy of `@authwire/core`
 * @example
 * ```ts
 * import { isAuthError } from '@authwire/core';
 *
 * try {
 *   await provider.getToken({ signal: AbortSignal.timeout(2_000) });
 * } catch (e) {
 *   if (!isAuthError(e) || e.code !== 'ABORTED') throw e; // a wait given up is not a failure
 * }
 * ```
 */
export function isAuthError(error: unknown): error is AuthError {
  if (error instanceof AuthError) return true;
  if (!(error instanceof Error) || error.name !== 'AuthError') return false;
  const { code, provider, status, toJSON } = error as Error & Record<string, unknown>;
  return (
    CODES.has(code) &&
    Object.hasOwn(error, 'provider') &&
    (provider === undefined || typeof provider === 'string') &&
    (status === undefined || typeof status === 'number') &&
    typeof toJSON === 'function'
  );
}
