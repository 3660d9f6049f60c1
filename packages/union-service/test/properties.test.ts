/**
 * Property tests (fast-check) of the union-service adapter's response parsing and config
 * schema: whatever the token endpoints answer — arbitrary JSON, arbitrary values, arbitrary
 * bytes, near-valid token answers of either casing, ProblemDetails and Keycloak errors, any
 * status — `getToken()` either resolves with the token of a valid answer or rejects with a typed
 * `AuthError` of the code the status and body call for; never a raw error, never a hang. Whatever
 * the config, the factory returns a provider or throws `CONFIG_INVALID` without echoing a value.
 */

import type { AccessToken } from '@authwire/core';
import { fakeJwt } from '@authwire/testing';
import {
  type AnswerCode,
  afterRefresh,
  answerJson,
  answerText,
  baseUrlArbitraries,
  codeForStatus,
  configArbitrary,
  describeConfigProperties,
  describeParserProperties,
  servedExpiresAt,
  type TokenAnswer,
  tokenAnswerArbitrary,
} from '@authwire-tooling/reliability';
import fc from 'fast-check';
import { expect } from 'vitest';
import { unionService } from '../src/index.js';

const BASE = 'https://union-uat.ist-pay.com';
const START = Date.parse('2026-03-02T08:00:00Z');
const HOUR = 3_600_000;
// Keycloak's words for a refused grant, wherever an error body may carry them.
const REFUSED_GRANT = /invalid_grant|not active|invalid user credentials|invalid refresh token/i;

const stringish = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null).map(() => fakeJwt({ exp: START / 1000 + 3600 })) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('', null, 0, true, 'a\r\nX-Injected: 1') },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);
const seconds = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.constantFrom(-1, 0, null, '3600', 1e308)) },
);
const tokenType = fc.oneof(
  fc.constantFrom('Bearer', 'bearer', '', ' Bearer ', 'DPoP', 'Be arer', 'Bearer\nX: 1', null),
  fc.string(),
);
const snakeArb = fc.record(
  {
    access_token: stringish,
    expires_in: seconds,
    refresh_token: stringish,
    refresh_expires_in: seconds,
    token_type: tokenType,
  },
  { requiredKeys: [] },
);
const camelArb = fc.record(
  { accessToken: stringish, expiresIn: seconds, refreshToken: stringish, refreshExpiresIn: seconds, tokenType },
  { requiredKeys: [] },
);
const problemArb = fc.record(
  {
    type: fc.oneof(fc.constantFrom('https://tools.ietf.org/html/rfc7231', 'V-TS-MemberNotActive'), fc.string()),
    title: fc.string(),
    detail: fc.oneof(fc.string(), fc.constant('Keycloak answered 400: {"error":"invalid_grant"}')),
    status: fc.integer(),
    traceId: fc.string(),
    errors: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), fc.integer())),
    error: fc.oneof(fc.constantFrom('invalid_grant', 'invalid_client'), fc.jsonValue({ maxDepth: 1 })),
    error_description: fc.oneof(fc.constantFrom('Token is not active', 'Invalid user credentials'), fc.string()),
  },
  { requiredKeys: [] },
);

const answers = tokenAnswerArbitrary({
  statuses: [201, 206, 301, 302, 307, 400, 401, 403, 404, 405, 415, 422, 429, 500, 502, 503, 504],
  contentTypes: ['application/vnd.restful+json', 'application/json', 'text/html', 'text/plain'],
  tokenFields: fc.oneof(snakeArb, camelArb),
  errorBodies: [problemArb],
});

interface Expected {
  token: string;
  scheme: string;
  refreshToken: string | undefined;
  expiresInMs: number;
}

/** The oracle of a 2xx body: the token it holds in either casing, or `undefined`. */
function tokenIn(body: unknown): Expected | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  const sendable = (value: unknown): value is string => typeof value === 'string' && /^[\x21-\x7E]+$/.test(value);
  const secondsOk = (value: unknown): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0;
  const optional = (value: unknown, ok: (v: unknown) => boolean) => value === undefined || value === null || ok(value);
  const scheme = (value: unknown) => typeof value === 'string' && /^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]*\s*$/.test(value);
  for (const [access, expires, refresh, refreshExpires, type] of [
    ['access_token', 'expires_in', 'refresh_token', 'refresh_expires_in', 'token_type'],
    ['accessToken', 'expiresIn', 'refreshToken', 'refreshExpiresIn', 'tokenType'],
  ] as const) {
    const valid =
      sendable(fields[access]) &&
      secondsOk(fields[expires]) &&
      optional(fields[refresh], (v) => typeof v === 'string') &&
      optional(fields[refreshExpires], secondsOk) &&
      optional(fields[type], scheme);
    if (!valid) continue;
    const declared = typeof fields[type] === 'string' ? (fields[type] as string).trim() : '';
    return {
      token: fields[access] as string,
      scheme: declared === '' || declared.toLowerCase() === 'bearer' ? 'Bearer' : declared,
      refreshToken: (fields[refresh] as string | null | undefined) || undefined,
      expiresInMs: (fields[expires] as number) * 1000,
    };
  }
  return undefined;
}

/** The codes a login answer may give: the status mapping, or INVALID_CREDENTIALS for a refused grant. */
function loginCodes(answer: TokenAnswer): AnswerCode[] {
  const { status } = answer;
  if (status >= 200 && status <= 299) return [tokenIn(answerJson(answer)) === undefined ? 'UNEXPECTED_RESPONSE' : 'ok'];
  if (status !== 429 && REFUSED_GRANT.test(answerText(answer))) return [codeForStatus(status), 'INVALID_CREDENTIALS'];
  return [codeForStatus(status)];
}

/**
 * The codes of a renewal whose refresh gets `answer` and whose login fallback is refused (401,
 * `INVALID_CREDENTIALS`): what the refresh alone may end in (as a login would), then core's
 * fallback rule.
 */
function refreshCodes(answer: TokenAnswer): AnswerCode[] {
  const { status } = answer;
  const refresh: AnswerCode[] =
    status >= 200 && status <= 299
      ? [tokenIn(answerJson(answer)) === undefined ? 'INVALID_CREDENTIALS' : 'ok']
      : loginCodes(answer);
  return [...new Set(refresh.map((code) => afterRefresh(code, 'INVALID_CREDENTIALS')))];
}

function checkToken(token: AccessToken, found: Expected, requestedAt: number) {
  expect(token.scheme).toBe(found.scheme);
  // expires_in counts from when the request was sent. A token with no usable time left on arrival
  // (0, or a lifetime too small to survive `sentAt + ms` in floating point) takes core's clock-skew
  // path and is used for the adapter's default lifetime, 1 h.
  expect(token.expiresAt).toBe(servedExpiresAt(requestedAt + found.expiresInMs, requestedAt, HOUR));
  expect(() => new Headers({ authorization: `${token.scheme} ${token.value}` })).not.toThrow();
}

const anyValue = fc.anything({ maxDepth: 2 });
const configs = configArbitrary({
  baseUrl: fc.oneof(
    ...baseUrlArbitraries(),
    anyValue.filter((value) => typeof value !== 'string'),
  ),
  username: fc.oneof(fc.string(), anyValue),
  apiVersion: fc.oneof(fc.constantFrom('1.0', '2.0'), fc.string(), anyValue),
  pathPrefix: fc.oneof(fc.constantFrom('/union-service', '/gw/union'), fc.string(), anyValue),
});

describeParserProperties('unionService', {
  factory: unionService,
  config: { baseUrl: BASE, username: 'prop@example.com', password: 'pw-Properties-5522' },
  start: START,
  answers,
  tokenIn,
  checkToken,
  login: { url: `${BASE}/union-service/auth/token`, codes: loginCodes },
  refresh: {
    url: `${BASE}/union-service/auth/refresh-token`,
    codes: refreshCodes,
    refusal: { status: 401, body: { error: 'invalid_grant' } },
    first: {
      access_token: fakeJwt({ n: 1 }),
      expires_in: 3600,
      refresh_token: fakeJwt({ n: 2 }),
      refresh_expires_in: 86_400,
    },
  },
});

describeConfigProperties('unionService', { factory: unionService, providerName: 'union-service', configs });
