import type { StoredToken } from '../types/store.js';

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** Absent (or `undefined`, which JSON never yields), or of the given kind. */
const isOptional = (value: unknown, is: (value: unknown) => boolean) => value === undefined || is(value);
const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Tells whether `value` is a complete {@link StoredToken}: what a store checks before handing
 * back an entry it read from outside the process (a file, Redis), and what the engine checks of
 * every entry a store returns, so that a torn, foreign or outdated value reads as "no entry"
 * instead of breaking the engine. Never throws, whatever `value` is.
 *
 * @param value - a parsed entry, or anything else
 * @returns true when it has a finite numeric `obtainedAt`, a `version` that is a safe integer ≥ 1,
 *   a token with string `value` and `scheme` and a finite numeric `expiresAt`, and — when present —
 *   a string `token.refreshToken`, a finite numeric `token.refreshExpiresAt` and a string
 *   `credential`
 * @example
 * ```ts
 * import { isStoredToken, type StoredToken } from '@authwire/core';
 *
 * function parseEntry(raw: string): StoredToken | undefined {
 *   const entry: unknown = JSON.parse(raw);
 *   return isStoredToken(entry) ? entry : undefined;
 * }
 * ```
 */
export function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as { [K in keyof StoredToken]?: unknown };
  const token = entry.token as { [K in keyof StoredToken['token']]?: unknown } | null | undefined;
  return (
    typeof token === 'object' &&
    token !== null &&
    isString(token.value) &&
    isString(token.scheme) &&
    isNumber(token.expiresAt) &&
    isOptional(token.refreshToken, isString) &&
    isOptional(token.refreshExpiresAt, isNumber) &&
    isNumber(entry.obtainedAt) &&
    Number.isSafeInteger(entry.version) &&
    (entry.version as number) >= 1 &&
    isOptional(entry.credential, isString)
  );
}
