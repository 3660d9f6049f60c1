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
  RENEWAL_TIMEOUT,
  REQUEST_TIMEOUT,
  retryAfterDate,
  succeeding,
  THREE,
  TWO_RETRIES,
} from './build-fault-case.js';
import type { FaultCase } from './fault-case.js';

const HOUR = 3_600_000;
const PROBLEM = { 'content-type': 'application/vnd.restful+json' };
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** A union-service (snake_case) token answer with a pair the server really issued, plus `extra` fields. */
const issued = (server: TokenServer, extra: Record<string, unknown> = {}) => {
  const tokens = server.issue();
  const now = server.now();
  return {
    access_token: tokens.access,
    expires_in: Math.round((tokens.accessExpiresAt - now) / 1000),
    refresh_token: tokens.refresh,
    refresh_expires_in: Math.round((tokens.refreshExpiresAt - now) / 1000),
    token_type: 'Bearer',
    ...extra,
  };
};

const problem = (status: number, title: string, extra: Record<string, unknown> = {}) =>
  faults.status(
    status,
    { type: 'https://tools.ietf.org/html/rfc7231', title, status, traceId: TRACE, ...extra },
    PROBLEM,
  );

/** Login: the renewal fails with `code`. Refresh: the refresh fails with `code`, one login follows. */
function refused(
  target: FaultCase['target'],
  name: string,
  fault: FaultCase['fault'],
  code: AuthErrorCode,
  login: Partial<FaultCase> = {},
): FaultCase {
  return target === 'login' ? failing(target, name, fault, code, login) : fallingBack(name, fault, code);
}

function rows(target: FaultCase['target']): FaultCase[] {
  return [
    succeeding(target, 'success', undefined),
    refused(
      target,
      "206 with an error body (Masters India's habit)",
      faults.status(206, { error: 'invalid_grant', error_description: 'Invalid user credentials' }),
      'UNEXPECTED_RESPONSE',
      { status: 206 },
    ),
    refused(
      target,
      '400 with field errors (ASP.NET validation)',
      problem(400, 'One or more validation errors occurred.', {
        errors: { Username: ['The Username field is required.'] },
      }),
      'INVALID_REQUEST',
      { status: 400 },
    ),
    refused(
      target,
      '400 invalid_grant (Keycloak)',
      faults.status(400, { error: 'invalid_grant', error_description: 'Token is not active' }),
      'INVALID_CREDENTIALS',
      { status: 400 },
    ),
    refused(
      target,
      '401 invalid_grant (Keycloak)',
      faults.status(401, { error: 'invalid_grant', error_description: 'Invalid user credentials' }),
      'INVALID_CREDENTIALS',
      { status: 401 },
    ),
    refused(target, '403', problem(403, 'Forbidden'), 'INVALID_CREDENTIALS', { status: 403 }),
    refused(target, '404', problem(404, 'Not Found'), 'UNEXPECTED_RESPONSE', { status: 404 }),
    refused(target, '405', problem(405, 'Method Not Allowed'), 'UNEXPECTED_RESPONSE', { status: 405 }),
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
      faults.status(429, { title: 'Too Many Requests' }, { ...PROBLEM, 'retry-after': '30' }),
      'RATE_LIMITED',
      { status: 429, retryAfterMs: 30_000 },
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
    failing(target, '500 (ProblemDetails)', problem(500, 'Internal Error'), 'PROVIDER_UNAVAILABLE', { status: 500 }),
    refused(
      target,
      '500 wrapping Keycloak invalid_grant',
      problem(500, 'An error occurred while processing your request.', {
        detail: 'Keycloak answered 400: {"error":"invalid_grant","error_description":"Token is not active"}',
      }),
      'INVALID_CREDENTIALS',
      { status: 500 },
    ),
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
      'access_token is an empty string',
      answer((server) => issued(server, { access_token: '' })),
      'UNEXPECTED_RESPONSE',
      { status: 200 },
    ),
    refused(
      target,
      'expires_in missing',
      answer((server) => issued(server, { expires_in: undefined })),
      'UNEXPECTED_RESPONSE',
      { status: 200 },
    ),
    refused(
      target,
      'expires_in negative',
      answer((server) => issued(server, { expires_in: -60 })),
      'UNEXPECTED_RESPONSE',
      { status: 200 },
    ),
    succeeding(
      target,
      'extra fields',
      answer((server) => issued(server, { 'not-before-policy': 0, session_state: 'x', scope: 'email', extra: [1] })),
    ),
    succeeding(
      target,
      'a JWT without exp (expires_in rules)',
      answer((server) => issued(server, { access_token: jwtWithoutExp() })),
      { lifetimeMs: HOUR },
    ),
    succeeding(
      target,
      'a JWT whose payload is not JSON (expires_in rules)',
      answer((server) => issued(server, { access_token: jwtWithTextPayload() })),
      { lifetimeMs: HOUR },
    ),
    succeeding(
      target,
      'expired on arrival: expires_in 0 (used 1 h)',
      answer((server) => issued(server, { expires_in: 0 })),
      { lifetimeMs: HOUR, clockSkew: true },
    ),
  ];
}

/**
 * The fault matrix of the union-service adapter, against `unionServiceHandlers`: every login and
 * refresh misbehaviour with its error code, upstream calls and recovery. Access tokens live 1 h
 * and refresh tokens 7 days unless a row says otherwise.
 *
 * @example
 * ```ts
 * describeFaultMatrix({ factory: unionService, mock: unionServiceHandlers, cases: unionServiceFaultMatrix });
 * ```
 */
export const unionServiceFaultMatrix: readonly FaultCase[] = [
  ...rows('login'),
  ...rows('refresh'),
  fallingBack(
    'refresh token reused after rotation (another client spent it: 400 invalid_grant)',
    undefined,
    'INVALID_CREDENTIALS',
    {
      afterLogin: (server, token) => {
        server.refresh(token.refreshToken);
      },
    },
  ),
  succeeding('refresh', 'dead refresh token, known from refresh_expires_in (30 min): no refresh call', undefined, {
    server: { refreshLifetimeMs: HOUR / 2 },
    calls: ONE_LOGIN,
    recovery: ONE_LOGIN,
  }),
  fallingBack(
    'dead refresh token the client cannot know (refresh_expires_in 0: 400 invalid_grant)',
    undefined,
    'INVALID_CREDENTIALS',
    {
      server: { refreshLifetimeMs: HOUR / 2 },
      beforeLogin: (server) => server.fail('login', answer((s) => issued(s, { refresh_expires_in: 0 }))(server), 1),
      recovery: ONE_LOGIN,
    },
  ),
];
