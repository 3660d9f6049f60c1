import type { StoredToken } from '../types/store.js';

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Tells whether `value` is a complete {@link StoredToken}: what a store must check before
 * handing back an entry it read from outside the process (a file, Redis), so that a torn or
 * foreign value reads as "no entry" instead of breaking the engine.
 *
 * @param value - a parsed entry
 * @returns true when it has a numeric `obtainedAt` and a token with `value`, `scheme`, `expiresAt`
 * @example
 * ```ts
 * const entry = JSON.parse(raw);
 * return isStoredToken(entry) ? entry : undefined;
 * ```
 */
export function isStoredToken(value: unknown): value is StoredToken {
  const entry = value as Partial<StoredToken> | null | undefined;
  const token = entry?.token;
  return (
    isNumber(entry?.obtainedAt) &&
    typeof token?.value === 'string' &&
    typeof token.scheme === 'string' &&
    isNumber(token.expiresAt)
  );
}
