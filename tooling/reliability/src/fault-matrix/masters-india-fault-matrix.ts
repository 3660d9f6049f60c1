import type { TokenServer } from '@authwire/testing';
import {
  answer,
  failing,
  fallingBack,
  faults,
  ONE_LOGIN,
  REFRESH_THEN_LOGIN,
  refused,
  succeeding,
} from './build-fault-case.js';
import type { FaultCase } from './fault-case.js';
import { faultMatrix } from './provider-fault-matrix.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A Masters India token answer with a pair the server really issued, plus `extra` fields. */
const issued = (server: TokenServer, extra: Record<string, unknown> = {}) => {
  const tokens = server.issue();
  return { token: tokens.access, refresh_token: tokens.refresh, ...extra };
};

/**
 * The fault matrix of the Masters India adapter, against `mastersIndiaHandlers`: every login
 * and refresh misbehaviour with its error code, upstream calls and recovery. Access tokens live
 * 1 h and refresh tokens 7 days unless a row says otherwise.
 *
 * @example
 * ```ts
 * describeFaultMatrix({ factory: mastersIndia, mock: mastersIndiaHandlers, cases: mastersIndiaFaultMatrix });
 * ```
 */
export const mastersIndiaFaultMatrix: readonly FaultCase[] = faultMatrix({
  issued,
  tokenField: 'token',
  extraFields: { user: { id: 148 }, expires: 'tomorrow', token_type: 'access' },
  unknownExpiry: { words: 'lives 24 h', lifetimeMs: DAY },
  rateLimited: faults.status(429, undefined, { 'retry-after': '30' }),
  refusals: (target) => {
    const login = target === 'login';
    return [
      refused(
        target,
        '206 {"error": …} (Masters India refuses with a 2xx)',
        faults.status(206, { error: login ? 'Unable to login with provided credential' : 'Token is invalid' }),
        'INVALID_CREDENTIALS',
        { status: 206 },
      ),
      refused(
        target,
        '400 with field errors',
        faults.status(
          400,
          login ? { username: ['missing field'], password: ['missing field'] } : { token: ['expired'] },
        ),
        // On refresh a 400 means "the refresh token has expired": a refused credential.
        login ? 'INVALID_REQUEST' : 'INVALID_CREDENTIALS',
        { status: 400 },
      ),
      refused(target, '401', faults.status(401, { detail: 'Invalid token.' }), 'INVALID_CREDENTIALS', { status: 401 }),
      refused(target, '403', faults.status(403, { detail: 'Forbidden' }), 'INVALID_CREDENTIALS', { status: 403 }),
      refused(
        target,
        login ? '404 (no such endpoint)' : '404 (no refresh endpoint: refresh turns off)',
        faults.status(404, { detail: 'Not found.' }),
        'UNEXPECTED_RESPONSE',
        { status: 404 },
        { recovery: ONE_LOGIN },
      ),
      refused(
        target,
        login ? '405 (method not allowed)' : '405 (method not allowed: refresh turns off)',
        faults.status(405, { detail: 'Method "POST" not allowed.' }),
        'UNEXPECTED_RESPONSE',
        { status: 405 },
        { recovery: ONE_LOGIN },
      ),
    ];
  },
  serverErrors: (target) => [
    failing(target, '500', faults.status(500, { detail: 'Server Error' }), 'PROVIDER_UNAVAILABLE', { status: 500 }),
  ],
  malformed: (target) => [
    refused(
      target,
      'token is an empty string',
      answer((server) => issued(server, { token: '' })),
      'UNEXPECTED_RESPONSE',
      { status: 200 },
    ),
    refused(
      target,
      'token missing',
      answer((server) => ({ refresh_token: server.issue().refresh })),
      'UNEXPECTED_RESPONSE',
      { status: 200 },
    ),
  ],
  expiry: (target) => [
    succeeding(target, 'expired on arrival: server clock 2 h behind, no Date header (used 24 h)', undefined, {
      server: { clockOffsetMs: -2 * HOUR, sendDate: false },
      lifetimeMs: DAY,
      clockSkew: true,
    }),
  ],
  spentRefreshToken: '206',
  deadRefreshTokenKnownFrom: 'its exp',
  refreshTokenRows: [
    fallingBack(
      'dead refresh token the client cannot know (server clock 3 h ahead, no Date header: 400)',
      undefined,
      'INVALID_CREDENTIALS',
      {
        server: { clockOffsetMs: 3 * HOUR, sendDate: false, accessLifetimeMs: HOUR, refreshLifetimeMs: 2 * HOUR },
        recovery: REFRESH_THEN_LOGIN,
      },
    ),
  ],
});
