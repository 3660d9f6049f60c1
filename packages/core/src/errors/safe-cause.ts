import { isAuthError } from './auth-error.js';

/**
 * A cause safe to attach to an AuthError: the name and message of `error` and of its own
 * causes, without the request, options or body objects that HTTP client errors carry (they
 * can hold a password or a token).
 */
export function safeCause(error: unknown, depth = 0): Error | undefined {
  if (error === undefined || error === null || depth > 3) return undefined;
  if (isAuthError(error)) return error;
  const source = error instanceof Error ? error : new Error(describe(error));
  const cause = safeCause(source.cause, depth + 1);
  const message = typeof source.message === 'string' ? source.message : describe(source.message);
  const copy = new Error(message, cause ? { cause } : undefined);
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/** `String(value)`, for values that cannot be converted too (a null-prototype object throws). */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
