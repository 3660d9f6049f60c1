import type { TokenServer } from '@authwire/testing';
import {
  answer,
  failing,
  fallingBack,
  faults,
  jwtWithoutExp,
  malformedAnswer,
  ONE_LOGIN,
  refused,
  succeeding,
} from './build-fault-case.js';
import type { FaultCase } from './fault-case.js';
import { faultMatrix } from './provider-fault-matrix.js';

const HOUR = 3_600_000;

/** A Keycloak token answer with a pair the server really issued, plus `extra` fields. */
const issued = (server: TokenServer, extra: Record<string, unknown> = {}) => {
  const tokens = server.issue();
  const now = server.now();
  return {
    access_token: tokens.access,
    expires_in: Math.round((tokens.accessExpiresAt - now) / 1000),
    refresh_expires_in: Math.round((tokens.refreshExpiresAt - now) / 1000),
    refresh_token: tokens.refresh,
    token_type: 'Bearer',
    'not-before-policy': 0,
    scope: 'profile email',
    ...extra,
  };
};

/** An RFC 6749 §5.2 error answer. */
const oauthError = (status: number, error: string, description?: string, headers?: Record<string, string>) =>
  faults.status(status, description === undefined ? { error } : { error, error_description: description }, headers);

/** A token answer that the adapter must refuse as it is. */
const malformed = malformedAnswer(issued);

/**
 * The fault matrix of the oauth2 adapter, against `oauth2Handlers` with the password grant (so that
 * the realm issues refresh tokens): every login and refresh misbehaviour, RFC 6749 §5.2's error
 * table among them, with its error code, upstream calls and recovery. Access tokens live 1 h and
 * refresh tokens 7 days unless a row says otherwise.
 *
 * @example
 * ```ts
 * describeFaultMatrix({
 *   factory: oauth2,
 *   mock: (options) => oauth2Handlers({ ...options, grant: 'password' }),
 *   cases: oauth2FaultMatrix,
 * });
 * ```
 */
export const oauth2FaultMatrix: readonly FaultCase[] = faultMatrix({
  issued,
  tokenField: 'access_token',
  extraFields: { session_state: 'x', id_token: 'eyJ0eXAiOiJKV1QifQ.e30.c2ln', ext_expires_in: 3599, extra: [1] },
  unknownExpiry: { words: 'expires_in rules', lifetimeMs: HOUR },
  rateLimited: faults.status(429, undefined, { 'retry-after': '30' }),
  refusals: (target) => [
    refused(
      target,
      '401 invalid_client (with a Basic challenge)',
      oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials', {
        'www-authenticate': 'Basic realm="authwire"',
      }),
      'INVALID_CREDENTIALS',
      { status: 401 },
    ),
    refused(target, '400 invalid_client', oauthError(400, 'invalid_client'), 'INVALID_CREDENTIALS', { status: 400 }),
    refused(
      target,
      '400 invalid_grant',
      oauthError(400, 'invalid_grant', 'Token is not active'),
      'INVALID_CREDENTIALS',
      { status: 400 },
    ),
    refused(
      target,
      '401 invalid_grant (Keycloak: bad user credentials)',
      oauthError(401, 'invalid_grant', 'Invalid user credentials'),
      'INVALID_CREDENTIALS',
      { status: 401 },
    ),
    refused(
      target,
      '400 unauthorized_client',
      oauthError(400, 'unauthorized_client', 'Client not allowed for direct access grants'),
      'INVALID_CREDENTIALS',
      { status: 400 },
    ),
    refused(
      target,
      '400 invalid_request',
      oauthError(400, 'invalid_request', 'Missing parameter: username'),
      'INVALID_REQUEST',
      { status: 400 },
    ),
    refused(target, '400 invalid_scope', oauthError(400, 'invalid_scope', 'Invalid scopes: x'), 'INVALID_REQUEST', {
      status: 400,
    }),
    refused(
      target,
      '400 unsupported_grant_type (refresh: refresh off, logins from then on)',
      oauthError(400, 'unsupported_grant_type'),
      'INVALID_REQUEST',
      { status: 400 },
      { recovery: ONE_LOGIN },
    ),
    refused(target, '400 invalid_target (RFC 8707)', oauthError(400, 'invalid_target'), 'INVALID_REQUEST', {
      status: 400,
    }),
    failing(target, '400 temporarily_unavailable', oauthError(400, 'temporarily_unavailable'), 'PROVIDER_UNAVAILABLE', {
      status: 400,
    }),
    refused(
      target,
      '403 access_denied (not in RFC 6749 §5.2: the status decides)',
      oauthError(403, 'access_denied', 'Client has not been granted scopes'),
      'INVALID_CREDENTIALS',
      { status: 403 },
    ),
    refused(target, '400 with an unknown error code', oauthError(400, 'unknown_thing'), 'INVALID_REQUEST', {
      status: 400,
    }),
    refused(
      target,
      '200 with an invalid_grant error and no access_token',
      oauthError(200, 'invalid_grant'),
      'INVALID_CREDENTIALS',
      { status: 200 },
    ),
    refused(target, '404 (wrong token URL)', faults.status(404, { error: 'RESTEASY003210' }), 'UNEXPECTED_RESPONSE', {
      status: 404,
    }),
  ],
  serverErrors: (target) => [
    failing(target, '500 server_error', oauthError(500, 'server_error'), 'PROVIDER_UNAVAILABLE', { status: 500 }),
    failing(target, '503 temporarily_unavailable', oauthError(503, 'temporarily_unavailable'), 'PROVIDER_UNAVAILABLE', {
      status: 503,
    }),
    failing(target, '500 with invalid_grant (a 5xx wins)', oauthError(500, 'invalid_grant'), 'PROVIDER_UNAVAILABLE', {
      status: 500,
    }),
    failing(
      target,
      '429 with invalid_client (a 429 wins)',
      oauthError(429, 'invalid_client', undefined, { 'retry-after': '30' }),
      'RATE_LIMITED',
      { status: 429, retryAfterMs: 30_000 },
    ),
  ],
  malformed: (target) => [
    malformed(target, 'access_token is an empty string', { access_token: '' }),
    malformed(target, 'access_token with a space', { access_token: 'two words' }),
    malformed(target, 'token_type that is no HTTP scheme', { token_type: 'Bearer x' }),
    malformed(target, 'expires_in negative', { expires_in: -60 }),
    malformed(target, 'expires_in not a number', { expires_in: 'soon' }),
  ],
  expiry: (target) => [
    succeeding(
      target,
      "expires_in absent: the JWT's exp (1 h)",
      answer((server) => issued(server, { expires_in: undefined })),
      { lifetimeMs: HOUR },
    ),
    succeeding(
      target,
      "expires_in absent, server clock 3 h ahead (Date): the JWT's exp, read on its clock",
      answer((server) => issued(server, { expires_in: undefined })),
      { lifetimeMs: HOUR, server: { clockOffsetMs: 3 * HOUR } },
    ),
    succeeding(
      target,
      'expires_in absent, a JWT without exp (lives 1 h)',
      answer((server) => issued(server, { expires_in: undefined, access_token: jwtWithoutExp() })),
      { lifetimeMs: HOUR },
    ),
    succeeding(
      target,
      'expires_in as a numeric string "1800" (Entra ID v1)',
      answer((server) => issued(server, { expires_in: '1800' })),
      { lifetimeMs: HOUR / 2 },
    ),
    succeeding(
      target,
      'token_type "bearer" (lower case)',
      answer((server) => issued(server, { token_type: 'bearer' })),
    ),
    succeeding(
      target,
      'token_type absent',
      answer((server) => issued(server, { token_type: undefined })),
    ),
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
    succeeding(
      'refresh',
      'an answer without refresh_token: the old one is kept and used next',
      answer((server) => issued(server, { refresh_token: undefined, refresh_expires_in: undefined })),
    ),
  ],
});
