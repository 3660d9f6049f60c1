import type { AuthErrorCode } from '@authwire/core';
import type { TokenServer } from '../server/token-server.js';
import {
  answer,
  answerAs,
  failing,
  fallingBack,
  faults,
  jwtWithoutExp,
  jwtWithTextPayload,
  ONE_LOGIN,
  REFRESH_THEN_LOGIN,
  RENEWAL_TIMEOUT,
  REQUEST_TIMEOUT,
  retryAfterDate,
  succeeding,
  THREE,
  TWO_RETRIES,
} from './build-fault-case.js';
import type { FaultCase } from './fault-case.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A Masters India token answer with a pair the server really issued, plus `extra` fields. */
const issued = (server: TokenServer, extra: Record<string, unknown> = {}) => {
  const tokens = server.issue();
  return { token: tokens.access, refresh_token: tokens.refresh, ...extra };
};

/** Login: the renewal fails with `code`. Refresh: the refresh fails with `code`, one login follows. */
function refused(
  target: FaultCase['target'],
  name: string,
  fault: FaultCase['fault'],
  code: AuthErrorCode,
  login: Partial<FaultCase> = {},
  refresh: Partial<FaultCase> = {},
): FaultCase {
  return target === 'login' ? failing(target, name, fault, code, login) : fallingBack(name, fault, code, refresh);
}

function rows(target: FaultCase['target']): FaultCase[] {
  const login = target === 'login';
  return [
    succeeding(target, 'success', undefined),
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
      faults.status(400, login ? { username: ['missing field'], password: ['missing field'] } : { token: ['expired'] }),
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
    refused(
      target,
      '307 to another origin (not followed: the body is not sent again)',
      faults.redirect(307),
      'UNEXPECTED_RESPONSE',
      { status: 307 },
    ),
    failing(
      target,
      '429 with Retry-After: 30 (seconds)',
      faults.status(429, undefined, { 'retry-after': '30' }),
      'RATE_LIMITED',
      {
        status: 429,
        retryAfterMs: 30_000,
      },
    ),
    failing(target, '429 with Retry-After as an HTTP-date (+60 s)', retryAfterDate(60), 'RATE_LIMITED', {
      status: 429,
      retryAfterMs: 60_000,
    }),
    failing(target, '429 without Retry-After', faults.status(429), 'RATE_LIMITED', { status: 429 }),
    failing(
      target,
      '429 with an absurd Retry-After (1e12 s): waits 1 h at most',
      faults.status(429, undefined, { 'retry-after': '1000000000000' }),
      'RATE_LIMITED',
      { status: 429, retryAfterMs: HOUR },
    ),
    failing(target, '500', faults.status(500, { detail: 'Server Error' }), 'PROVIDER_UNAVAILABLE', { status: 500 }),
    failing(target, '500 is not retried (retry limit 2)', faults.status(500), 'PROVIDER_UNAVAILABLE', {
      status: 500,
      options: TWO_RETRIES,
    }),
    failing(target, '502 with an HTML page', faults.html(502), 'PROVIDER_UNAVAILABLE', { status: 502 }),
    failing(target, '503', faults.status(503), 'PROVIDER_UNAVAILABLE', { status: 503 }),
    failing(target, '504', faults.status(504), 'PROVIDER_UNAVAILABLE', { status: 504 }),
    failing(target, '503, retried twice (retry limit 2)', faults.status(503), 'PROVIDER_UNAVAILABLE', {
      status: 503,
      options: TWO_RETRIES,
      calls: THREE(target),
    }),
    failing(target, 'connection reset', faults.network, 'PROVIDER_UNAVAILABLE'),
    failing(target, 'connection reset, retried twice (retry limit 2)', faults.network, 'PROVIDER_UNAVAILABLE', {
      options: TWO_RETRIES,
      calls: THREE(target),
    }),
    failing(target, 'slower than renewalTimeoutMs (500 ms)', faults.slow, 'PROVIDER_UNAVAILABLE', {
      options: RENEWAL_TIMEOUT,
    }),
    failing(target, 'slower than requestTimeoutMs (300 ms)', faults.slow, 'PROVIDER_UNAVAILABLE', {
      options: REQUEST_TIMEOUT,
    }),
    refused(target, 'truncated JSON', faults.truncated, 'UNEXPECTED_RESPONSE', { status: 200 }),
    refused(target, 'bytes that are not JSON', faults.garbage, 'UNEXPECTED_RESPONSE', { status: 200 }),
    refused(target, 'empty body', faults.empty, 'UNEXPECTED_RESPONSE', { status: 200 }),
    refused(target, 'an HTML page with 200', faults.htmlPage, 'UNEXPECTED_RESPONSE', { status: 200 }),
    succeeding(target, 'a valid answer labelled text/plain', answerAs('text/plain', issued)),
    refused(target, 'token fields of the wrong type', faults.wrongTypes, 'UNEXPECTED_RESPONSE', { status: 200 }),
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
    succeeding(
      target,
      'extra fields',
      answer((server) => issued(server, { user: { id: 148 }, expires: 'tomorrow', token_type: 'access' })),
    ),
    succeeding(
      target,
      'a JWT without exp (lives 24 h)',
      answer((server) => issued(server, { token: jwtWithoutExp() })),
      { lifetimeMs: DAY },
    ),
    succeeding(
      target,
      'a JWT whose payload is not JSON (lives 24 h)',
      answer((server) => issued(server, { token: jwtWithTextPayload() })),
      { lifetimeMs: DAY },
    ),
    succeeding(target, 'expired on arrival: server clock 2 h behind, no Date header (used 24 h)', undefined, {
      server: { clockOffsetMs: -2 * HOUR, sendDate: false },
      lifetimeMs: DAY,
      clockSkew: true,
    }),
  ];
}

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
export const mastersIndiaFaultMatrix: readonly FaultCase[] = [
  ...rows('login'),
  ...rows('refresh'),
  fallingBack('refresh token reused after rotation (another client spent it: 206)', undefined, 'INVALID_CREDENTIALS', {
    afterLogin: (server, token) => {
      server.refresh(token.refreshToken);
    },
  }),
  succeeding('refresh', 'dead refresh token, known from its exp: no refresh call', undefined, {
    server: { refreshLifetimeMs: HOUR / 2 },
    calls: ONE_LOGIN,
    recovery: ONE_LOGIN,
  }),
  fallingBack(
    'dead refresh token the client cannot know (server clock 3 h ahead, no Date header: 400)',
    undefined,
    'INVALID_CREDENTIALS',
    {
      server: { clockOffsetMs: 3 * HOUR, sendDate: false, accessLifetimeMs: HOUR, refreshLifetimeMs: 2 * HOUR },
      recovery: REFRESH_THEN_LOGIN,
    },
  ),
];
