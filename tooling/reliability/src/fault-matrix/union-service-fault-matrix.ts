import type { TokenServer } from '@authwire/testing';
import {
  answer,
  failing,
  fallingBack,
  faults,
  malformedAnswer,
  ONE_LOGIN,
  refused,
  succeeding,
} from './build-fault-case.js';
import type { FaultCase } from './fault-case.js';
import { faultMatrix } from './provider-fault-matrix.js';

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

/** A token answer that the adapter must refuse as it is. */
const malformed = malformedAnswer(issued);

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
export const unionServiceFaultMatrix: readonly FaultCase[] = faultMatrix({
  issued,
  tokenField: 'access_token',
  extraFields: { 'not-before-policy': 0, session_state: 'x', scope: 'email', extra: [1] },
  unknownExpiry: { words: 'expires_in rules', lifetimeMs: HOUR },
  rateLimited: faults.status(429, { title: 'Too Many Requests' }, { ...PROBLEM, 'retry-after': '30' }),
  refusals: (target) => [
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
  ],
  serverErrors: (target) => [
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
  ],
  malformed: (target) => [
    malformed(target, 'access_token is an empty string', { access_token: '' }),
    malformed(target, 'expires_in missing', { expires_in: undefined }),
    malformed(target, 'expires_in negative', { expires_in: -60 }),
  ],
  expiry: (target) => [
    succeeding(
      target,
      'expired on arrival: expires_in 0 (used 1 h)',
      answer((server) => issued(server, { expires_in: 0 })),
      { lifetimeMs: HOUR, clockSkew: true },
    ),
  ],
  spentRefreshToken: '400 invalid_grant',
  deadRefreshTokenKnownFrom: 'refresh_expires_in (30 min)',
  refreshTokenRows: [
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
  ],
});
