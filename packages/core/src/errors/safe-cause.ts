import { isAuthError } from './auth-error.js';

/**
 * A cause safe to attach to an AuthError: the name and message of `error` and of its own
 * causes, without the request, options or body objects that HTTP client errors carry (they
 * can hold a password or a token).
 */
export function safeCause(error: unknown, depth = 0): Error | undefined {
  if (error === undefined || error === null || depth > 3) return undefined;
  if (isAuthError(error)) return error;
  const source = error instanceof Error ? error : new Error(String(error));
  const cause = safeCause(source.cause, depth + 1);
  const copy = new Error(source.message, cause ? { cause } : undefined);
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
