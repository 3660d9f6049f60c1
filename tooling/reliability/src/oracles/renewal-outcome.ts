import type { AuthErrorCode, StoredToken } from '@authwire/core';
import { correctSkew, isTransient } from './core-rules.js';

/**
 * What a renewal ends in: `'ok'` (a token) or the code of the `AuthError` it rejects with.
 *
 * @example
 * ```ts
 * const outcome: AnswerCode = answer.status === 429 ? 'RATE_LIMITED' : 'ok';
 * ```
 */
export type AnswerCode = AuthErrorCode | 'ok';

/**
 * The outcome of a renewal whose refresh ends in `refresh` and whose login fallback is refused
 * with `fallback`, by core's rule: a transient failure (network, 5xx, 429) is the refresh's own
 * (no fallback); any other failure falls back to one login.
 *
 * @param refresh - what the refresh alone ends in
 * @param fallback - the code the login fallback is refused with
 * @returns the renewal's outcome
 * @example
 * ```ts
 * afterRefresh(codeForStatus(503), 'INVALID_CREDENTIALS'); // 'PROVIDER_UNAVAILABLE'
 * afterRefresh(codeForStatus(404), 'INVALID_CREDENTIALS'); // 'INVALID_CREDENTIALS'
 * ```
 */
export function afterRefresh(refresh: AnswerCode, fallback: AuthErrorCode): AnswerCode {
  if (refresh === 'ok' || isTransient(refresh)) return refresh;
  return fallback;
}

/**
 * When the token an answer gives expires, by core's clock-skew rule: as answered, unless it
 * looks expired on arrival (no usable time left after the expiry skew), in which case it is used
 * for the adapter's default lifetime from `receivedAt`.
 *
 * @param expiresAt - the expiry the adapter read from the answer (epoch ms)
 * @param receivedAt - when the answer arrived (and the token was obtained), epoch ms
 * @param defaultLifetimeMs - the adapter's default lifetime
 * @returns the `expiresAt` of the token `getToken()` hands out
 * @example
 * ```ts
 * servedExpiresAt(requestedAt + 0, requestedAt, 3_600_000); // requestedAt + 3_600_000
 * ```
 */
export function servedExpiresAt(expiresAt: number, receivedAt: number, defaultLifetimeMs: number): number {
  const stored: StoredToken = { token: { value: 'oracle', scheme: '', expiresAt }, obtainedAt: receivedAt, version: 1 };
  return (correctSkew(stored, receivedAt, defaultLifetimeMs, {}) ?? stored).token.expiresAt;
}
