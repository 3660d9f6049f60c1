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
    class ForeignAuthError extends Error {
      override name = 'AuthError';
      code = 'INVALID_CREDENTIALS';
    }
    expect(isAuthError(new AuthError('ABORTED', 'x'))).toBe(true);
    expect(isAuthError(new ForeignAuthError('copy'))).toBe(true);
    expect(isAuthError(Object.assign(new Error('x'), { name: 'AuthError' }))).toBe(false);
    expect(isAuthError(new TypeError('x'))).toBe(false);
    expect(isAuthError({ name: 'AuthError', code: 'X' })).toBe(false);
    expect(isAuthError(undefined)).toBe(false);
  });
});
