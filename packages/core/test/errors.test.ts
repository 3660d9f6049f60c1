import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuthError, AuthErrorCodes, isAuthError } from '../src/index.js';

describe('AuthError', () => {
  it('carries code, provider, status, retryAfterMs and cause', () => {
    const cause = new Error('socket hang up');
    const error = new AuthError('RATE_LIMITED', 'slow down', { provider: 'acme', status: 429, retryAfterMs: 5, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AuthError');
    expect({
      code: error.code,
      provider: error.provider,
      status: error.status,
      retryAfterMs: error.retryAfterMs,
    }).toEqual({
      code: 'RATE_LIMITED',
      provider: 'acme',
      status: 429,
      retryAfterMs: 5,
    });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({
      name: 'AuthError',
      code: 'RATE_LIMITED',
      message: 'slow down',
      provider: 'acme',
      status: 429,
      retryAfterMs: 5,
    });
    expect(inspect(error)).toContain('RATE_LIMITED');
  });

  it('exports every code as a constant', () => {
    expect(Object.keys(AuthErrorCodes).sort()).toEqual([
      'ABORTED',
      'CONFIG_INVALID',
      'INVALID_CREDENTIALS',
      'INVALID_REQUEST',
      'PROVIDER_UNAVAILABLE',
      'RATE_LIMITED',
      'UNEXPECTED_RESPONSE',
    ]);
    for (const [key, value] of Object.entries(AuthErrorCodes)) expect(key).toBe(value);
  });

  it('isAuthError matches across package copies by name, and nothing else', () => {
    // Another copy of the package's class (two versions installed side by side): the same shape.
    class ForeignAuthError extends Error {
      override name = 'AuthError';
      code = 'INVALID_CREDENTIALS';
      provider: string | undefined = 'acme';
      status: number | undefined = undefined;
      retryAfterMs: number | undefined = undefined;
      toJSON() {
        return { name: this.name, code: this.code, message: this.message };
      }
    }
    expect(isAuthError(new AuthError('ABORTED', 'x'))).toBe(true);
    expect(isAuthError(new ForeignAuthError('copy'))).toBe(true);
    expect(isAuthError(Object.assign(new Error('x'), { name: 'AuthError' }))).toBe(false);
    expect(isAuthError(new TypeError('x'))).toBe(false);
    expect(isAuthError({ name: 'AuthError', code: 'X' })).toBe(false);
    expect(isAuthError(undefined)).toBe(false);
  });
});

describe('isAuthError checks the whole shape of a copy', () => {
  /** What another package copy of AuthError looks like, minus what `omit` names. */
  const copyOf = (omit: string[] = [], extra: Record<string, unknown> = {}) => {
    const error = Object.assign(new Error('copy'), {
      name: 'AuthError',
      code: 'PROVIDER_UNAVAILABLE',
      provider: undefined,
      status: 503,
      toJSON: () => ({}),
      ...extra,
    });
    for (const key of omit) delete (error as unknown as Record<string, unknown>)[key];
    return error;
  };

  it('matches a copy with every part of the shape', () => {
    expect(isAuthError(copyOf())).toBe(true);
    expect(isAuthError(copyOf([], { provider: 'acme', status: undefined }))).toBe(true);
  });

  it("never matches another library's error that copied the name and a code", () => {
    expect(isAuthError(Object.assign(new Error('x'), { name: 'AuthError', code: 'ERR_BAD_REQUEST' }))).toBe(false);
    expect(isAuthError(Object.assign(new Error('x'), { name: 'AuthError', code: 'RATE_LIMITED' }))).toBe(false);
    expect(isAuthError(copyOf([], { code: 'ERR_BAD_REQUEST' }))).toBe(false);
    expect(isAuthError(copyOf(['provider']))).toBe(false);
    expect(isAuthError(copyOf([], { provider: 42 }))).toBe(false);
    expect(isAuthError(copyOf([], { status: '503' }))).toBe(false);
    expect(isAuthError(copyOf(['toJSON']))).toBe(false);
    expect(isAuthError(copyOf([], { name: 'HTTPError' }))).toBe(false);
    expect(isAuthError({ ...copyOf(), name: 'AuthError', message: 'plain object' })).toBe(false);
  });
});
