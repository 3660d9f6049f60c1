/**
 * The engine's rules (src/engine/policy.ts), one by one: pure functions, so plain inputs and
 * outputs — no HTTP needed. The lifecycle tests drive the same rules end to end over HTTP.
 */
import { describe, expect, it } from 'vitest';
import {
  canRefresh,
  coolDownMs,
  correctSkew,
  isSendable,
  isTransient,
  keepRefreshToken,
  nextVersion,
  storeTtlMs,
} from '../src/engine/policy.js';
import type { StoredToken } from '../src/index.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-22T08:00:00Z');
const entry = (token: Partial<StoredToken['token']> = {}, obtainedAt = T0): StoredToken => ({
  token: { value: 'v', scheme: 'Bearer', expiresAt: obtainedAt + HOUR, ...token },
  obtainedAt,
  version: 1,
});

describe('isTransient', () => {
  it.each([
    ['PROVIDER_UNAVAILABLE', true],
    ['RATE_LIMITED', true],
    ['INVALID_CREDENTIALS', false],
    ['INVALID_REQUEST', false],
    ['UNEXPECTED_RESPONSE', false],
    ['CONFIG_INVALID', false],
    ['ABORTED', false],
  ] as const)('%s → %s', (code, transient) => {
    expect(isTransient(code)).toBe(transient);
  });
});

describe('coolDownMs', () => {
  it('transient: the longer of minRetryIntervalMs and Retry-After', () => {
    expect(coolDownMs({ code: 'PROVIDER_UNAVAILABLE' }, 1000)).toBe(1000);
    expect(coolDownMs({ code: 'RATE_LIMITED', retryAfterMs: 30_000 }, 1000)).toBe(30_000);
    expect(coolDownMs({ code: 'RATE_LIMITED', retryAfterMs: 10 }, 1000)).toBe(1000);
  });
  it('not transient: no cool-down at all', () => {
    expect(coolDownMs({ code: 'INVALID_CREDENTIALS', retryAfterMs: 30_000 }, 1000)).toBe(0);
  });
});

describe('isSendable', () => {
  it.each([
    [{ value: 'abc.def-ghi_~', scheme: 'JWT' }, true],
    [{ value: 'key', scheme: '' }, true],
    [{ value: 'a b', scheme: 'Bearer' }, false],
    [{ value: 'a\r\nX: y', scheme: 'Bearer' }, false],
    [{ value: 'é', scheme: 'Bearer' }, false],
    [{ value: '', scheme: 'Bearer' }, false],
    [{ value: 'abc', scheme: 'Bear er' }, false],
  ])('%o → %s', (token, sendable) => {
    expect(isSendable({ ...token, expiresAt: T0 })).toBe(sendable);
  });
  it('refuses an expiry that is not a number', () => {
    expect(isSendable({ value: 'abc', scheme: 'JWT', expiresAt: Number.NaN })).toBe(false);
  });
});

describe('canRefresh', () => {
  it('no entry or no refresh token: no', () => {
    expect(canRefresh(undefined, T0, {})).toBe(false);
    expect(canRefresh(entry(), T0, {})).toBe(false);
  });
  it('a refresh token of unknown life: yes', () => {
    expect(canRefresh(entry({ refreshToken: 'r' }), T0 + 10 * HOUR, {})).toBe(true);
  });
  it('a refresh token known dead (within the skew margin of its expiry): no', () => {
    const live = entry({ refreshToken: 'r', refreshExpiresAt: T0 + 2 * HOUR });
    expect(canRefresh(live, T0 + 2 * HOUR - 31_000, {})).toBe(true);
    expect(canRefresh(live, T0 + 2 * HOUR - 29_000, {})).toBe(false); // 30 s skew for a 1-hour token
    expect(canRefresh(live, T0 + 2 * HOUR - 9 * 60_000, { expirySkewMs: 10 * 60_000 })).toBe(false);
  });
});

describe('keepRefreshToken', () => {
  const previous = { value: 'old', scheme: 'Bearer', expiresAt: T0, refreshToken: 'r1', refreshExpiresAt: T0 + HOUR };
  it('an answer without a refresh token keeps the old one and its expiry', () => {
    expect(keepRefreshToken({ value: 'new', scheme: 'Bearer', expiresAt: T0 + HOUR }, previous)).toEqual({
      value: 'new',
      scheme: 'Bearer',
      expiresAt: T0 + HOUR,
      refreshToken: 'r1',
      refreshExpiresAt: T0 + HOUR,
    });
  });
  it('a rotated refresh token replaces it', () => {
    const rotated = { value: 'new', scheme: 'Bearer', expiresAt: T0 + HOUR, refreshToken: 'r2' };
    expect(keepRefreshToken(rotated, previous)).toBe(rotated);
  });
});

describe('correctSkew', () => {
  it('a token that looks fine is left alone', () => {
    expect(correctSkew(entry(), T0 + 1000, 24 * HOUR, {})).toBeUndefined();
  });
  it('a token that looks expired on arrival lives the default lifetime, its refresh expiry shifted alike', () => {
    const stale = entry({ expiresAt: T0 - HOUR, refreshExpiresAt: T0 + HOUR }, T0);
    const corrected = correctSkew(stale, T0 + 5, 24 * HOUR, {});
    expect(corrected?.token.expiresAt).toBe(T0 + 5 + 24 * HOUR);
    expect(corrected?.token.refreshExpiresAt).toBe(T0 + HOUR + (T0 + 5 + 24 * HOUR - (T0 - HOUR)));
    expect(corrected?.obtainedAt).toBe(T0 + 5);
  });
});

describe('nextVersion and storeTtlMs', () => {
  it('a version is one above the replaced entry and every version seen, whatever the clock', () => {
    expect(nextVersion(undefined, 0)).toBe(1);
    expect(nextVersion({ ...entry(), version: 7 }, 3)).toBe(8);
    expect(nextVersion({ ...entry(), version: 2 }, 9)).toBe(10);
  });
  it('a store keeps an entry until the later of the two expiries', () => {
    expect(storeTtlMs(entry().token, T0)).toBe(HOUR);
    expect(storeTtlMs(entry({ refreshExpiresAt: T0 + 5 * HOUR }).token, T0)).toBe(5 * HOUR);
  });
});
