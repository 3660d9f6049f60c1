import { AuthError, isAuthError } from './auth-error.js';

type Redact = (text: string) => string;

const keep: Redact = (text) => text;
/** How many causes below the first are kept. */
const MAX_DEPTH = 3;
/** What a copy made here carries, and so what a link may carry to be kept as it is. */
const PLAIN_KEYS = new Set<PropertyKey>(['stack', 'message', 'name', 'code', 'cause']);

/**
 * A cause safe to attach to an AuthError: the name, message and string `code` of `error` and of
 * its own causes (up to three below it), without the request, options or body objects that HTTP
 * client errors carry (they can hold a password or a token). Every message goes through `redact`.
 *
 * @param error - anything caught
 * @param redact - takes the secrets out of a text, e.g. a {@link Redactor}'s `redact`
 * @returns the copy, or `undefined` for `undefined` and `null`
 */
export function safeCause(error: unknown, redact: Redact = keep): Error | undefined {
  return copyChain(error, redact, 0);
}

/**
 * `error`, or a copy of it whose message and cause chain went through `redact`. The same error
 * comes back when redaction changes nothing in it.
 *
 * @param error - an AuthError, e.g. one an adapter threw
 * @param redact - takes the secrets out of a text
 * @returns `error` itself, or a new AuthError with the same code, provider, status and retryAfterMs
 */
export function redactAuthError(error: AuthError, redact: Redact): AuthError {
  return redactAt(error, redact, 0);
}

/** An AuthError whose causes start at `depth`. */
function redactAt(error: AuthError, redact: Redact, depth: number): AuthError {
  if (redact(error.message) === error.message && cleanChain(error.cause, redact, depth)) return error;
  const cause = copyChain(error.cause, redact, depth);
  const copy = new AuthError(error.code, redact(error.message), {
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(cause === undefined ? {} : { cause }),
  });
  return copy;
}

/** Whether the chain from `error` (at `depth`) would be copied as it is; a chain that throws when read is not. */
function cleanChain(error: unknown, redact: Redact, depth: number): boolean {
  try {
    return isClean(error, redact, depth);
  } catch {
    return false;
  }
}

function isClean(error: unknown, redact: Redact, depth: number): boolean {
  if (error === undefined || error === null) return true;
  if (depth > MAX_DEPTH || !(error instanceof Error)) return false;
  if (isAuthError(error)) return redact(error.message) === error.message && isClean(error.cause, redact, depth + 1);
  const code = (error as { code?: unknown }).code;
  return (
    Reflect.ownKeys(error).every((key) => PLAIN_KEYS.has(key)) &&
    typeof error.message === 'string' &&
    redact(error.message) === error.message &&
    typeof error.name === 'string' &&
    redact(error.name) === error.name &&
    (code === undefined || (typeof code === 'string' && redact(code) === code)) &&
    isClean(error.cause, redact, depth + 1)
  );
}

function copyChain(error: unknown, redact: Redact, depth: number): Error | undefined {
  if (error === undefined || error === null || depth > MAX_DEPTH) return undefined;
  if (isAuthError(error)) return redactAt(error, redact, depth + 1);
  const source = error instanceof Error ? error : new Error(describe(error));
  const cause = copyChain(source.cause, redact, depth + 1);
  const message = typeof source.message === 'string' ? source.message : describe(source.message);
  const copy = new Error(redact(message), cause ? { cause } : undefined);
  copy.name = redact(typeof source.name === 'string' ? source.name : 'Error');
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code: redact(code) });
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
