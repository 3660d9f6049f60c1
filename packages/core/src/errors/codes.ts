/**
 * The stable `code` of every {@link AuthError}, as constants.
 *
 * @example
 * ```ts
 * import { AuthErrorCodes, isAuthError } from '@authwire/core';
 *
 * try {
 *   await provider.getToken();
 * } catch (e) {
 *   if (isAuthError(e) && e.code === AuthErrorCodes.INVALID_CREDENTIALS) console.error('fix the credentials');
 *   throw e;
 * }
 * ```
 */
export const AuthErrorCodes = {
  /** Login rejected (Masters India 206, union-service 400 invalid_grant / 401). Do not retry. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /** The provider says the request is malformed (e.g. Masters India 400 field errors). */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** 429: try again after `retryAfterMs`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Network error, timeout or 5xx: transient. */
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  /** A 2xx whose body does not match the schema, or a body that is not JSON. */
  UNEXPECTED_RESPONSE: 'UNEXPECTED_RESPONSE',
  /** Bad configuration: the message names every invalid field. */
  CONFIG_INVALID: 'CONFIG_INVALID',
  /** The caller's signal fired. */
  ABORTED: 'ABORTED',
} as const;

/** One of {@link AuthErrorCodes}. */
export type AuthErrorCode = (typeof AuthErrorCodes)[keyof typeof AuthErrorCodes];
