/**
 * Property tests (fast-check) of the Masters India adapter's response parsing and config
 * schema: whatever the token endpoints answer — arbitrary JSON, arbitrary values, arbitrary
 * bytes, near-valid token answers, any status, odd headers — `getToken()` either resolves with
 * the token of a valid answer or rejects with a typed `AuthError` of the code the status and
 * body call for; never a raw error, never a hang. Whatever the config, the factory returns a
 * provider or throws `CONFIG_INVALID` without echoing a value.
 */

import type { AccessToken } from '@authwire/core';
import { fakeJwt } from '@authwire/testing';
import {
  type AnswerCode,
  afterRefresh,
  answerJson,
  baseUrlArbitraries,
  codeForStatus,
  configArbitrary,
  describeConfigProperties,
  describeParserProperties,
  type FoundToken,
  type TokenAnswer,
  tokenAnswerArbitrary,
} from '@authwire-tooling/reliability';
import fc from 'fast-check';
import { expect } from 'vitest';
import { mastersIndia } from '../src/index.js';

const START = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

const jwtArb = fc
  .record(
    {
      exp: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.constant(1e306)),
      token_type: fc.constantFrom('access', 'refresh'),
    },
    { requiredKeys: [] },
  )
  .map(fakeJwt);
const fieldArb = fc.oneof(
  { weight: 4, arbitrary: jwtArb },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: jwtArb.map((jwt) => `${jwt}\r\nX-Injected: 1`) },
  { weight: 1, arbitrary: fc.constantFrom('', null, 0, true) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const answers = tokenAnswerArbitrary({
  statuses: [201, 206, 301, 302, 307, 400, 401, 403, 404, 405, 422, 429, 500, 502, 503, 504],
  contentTypes: ['application/json', 'text/html', 'text/plain', 'application/octet-stream'],
  httpDates: true,
  // Bodies shaped like a token answer, with every field sometimes wrong or missing.
  tokenFields: fc.record(
    {
      token: fieldArb,
      refresh_token: fieldArb,
      'refresh token': fieldArb,
      error: fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  ),
});

/** The oracle of a 2xx body: the token pair it holds, `'refused'` for an `error` body, or `undefined`. */
function tokenIn(body: unknown): FoundToken | 'refused' | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if ('error' in fields && fields.error !== null) return 'refused';
  const usable = (value: unknown): value is string => typeof value === 'string' && value !== '';
  const sendable = (value: unknown): value is string => typeof value === 'string' && /^[\x21-\x7E]+$/.test(value);
  const absent = (value: unknown) => value === undefined || value === null;
  const refresh = fields.refresh_token;
  const spaced = fields['refresh token'];
  if (!sendable(fields.token) || !(absent(refresh) || usable(refresh)) || !(absent(spaced) || usable(spaced))) {
    return undefined;
  }
  const refreshToken = usable(refresh) ? refresh : usable(spaced) ? spaced : undefined;
  return { token: fields.token, refreshToken };
}

/** The code of a refused answer, by the status mapping of DESIGN.md (login). */
function loginCode(answer: TokenAnswer): AnswerCode {
  const { status } = answer;
  if (status >= 200 && status <= 299) {
    const found = tokenIn(answerJson(answer));
    if (found === 'refused') return 'INVALID_CREDENTIALS';
    return found === undefined ? 'UNEXPECTED_RESPONSE' : 'ok';
  }
  return codeForStatus(status);
}

/**
 * The outcome of a renewal whose refresh gets `answer` and whose login fallback is refused
 * (206, `INVALID_CREDENTIALS`): a 2xx the refresh cannot use is a refused refresh, other statuses
 * map as for login; then core's fallback rule.
 */
function refreshCode(answer: TokenAnswer): AnswerCode {
  const { status } = answer;
  if (status < 200 || status > 299) return afterRefresh(codeForStatus(status), 'INVALID_CREDENTIALS');
  const found = tokenIn(answerJson(answer));
  return found === undefined || found === 'refused' ? 'INVALID_CREDENTIALS' : 'ok';
}

function checkToken(token: AccessToken) {
  expect(token.scheme).toBe('JWT');
  // What getToken hands out can be sent: a header value without control or non-ASCII characters.
  expect(() => new Headers({ authorization: `${token.scheme} ${token.value}` })).not.toThrow();
  expect(token.expiresAt).toBeGreaterThan(START);
}

const anyValue = fc.anything({ maxDepth: 2 });
const configs = configArbitrary({
  username: fc.oneof(fc.string(), anyValue),
  baseUrl: fc.oneof(
    fc.oneof(
      ...baseUrlArbitraries(),
      fc
        .string()
        .map((text) => `https://${text}`)
        .filter((url) => URL.canParse(url)),
    ),
    anyValue.filter((value) => typeof value !== 'string'),
  ),
  environment: fc.oneof(fc.constantFrom('platform', 'sandbox', 'production'), anyValue),
  apiVersion: fc.oneof(fc.constantFrom('v1', 'v2'), anyValue),
  bodyEncoding: fc.oneof(fc.constantFrom('json', 'form'), anyValue),
  refresh: fc.oneof(fc.constantFrom('auto', 'never'), anyValue),
  refreshPath: fc.oneof(
    fc.string().map((path) => `/${path}`),
    anyValue,
  ),
  headers: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), anyValue), { maxKeys: 3 }), anyValue),
});

describeParserProperties('mastersIndia', {
  factory: mastersIndia,
  config: { username: 'prop@example.com', password: 'pw-Properties-4411' },
  start: START,
  answers,
  tokenIn,
  checkToken,
  login: { url: 'https://api-platform.mastersindia.co/api/v1/token-auth/', codes: loginCode },
  refresh: {
    url: 'https://api-platform.mastersindia.co/api/v2/api-token-refresh/',
    codes: refreshCode,
    refusal: { status: 206, body: { error: 'refused' } },
    first: { token: fakeJwt({ exp: (START + HOUR) / 1000 }), refresh_token: fakeJwt({ exp: START / 1000 + 9e5 }) },
  },
});

describeConfigProperties('mastersIndia', { factory: mastersIndia, providerName: 'masters-india', configs });
