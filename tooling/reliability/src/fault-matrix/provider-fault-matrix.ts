import type { Fault, TokenServer } from '@authwire/testing';
import { MAX_RETRY_AFTER_MS } from '../oracles/core-rules.js';
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
  refused,
  retryAfterDate,
  succeeding,
  THREE,
  TWO_RETRIES,
} from './build-fault-case.js';
import type { FaultCase } from './fault-case.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Rows of one target (`login` or `refresh`) that only one provider has. */
type ProviderRows = (target: FaultCase['target']) => FaultCase[];

/**
 * What makes a provider's fault matrix its own: how it answers, how it refuses, what its token
 * answer looks like. Every other row (redirects, 429s, 5xx retries, transport failures, broken
 * bodies, JWTs without a readable `exp`) reads the same for every provider; {@link faultMatrix}
 * writes those once.
 *
 * @example
 * ```ts
 * const spec: ProviderFaults = {
 *   issued: (server, extra = {}) => ({ token: server.issue().access, ...extra }),
 *   tokenField: 'token',
 *   extraFields: { user: { id: 148 } },
 *   unknownExpiry: { words: 'lives 24 h', lifetimeMs: 24 * 3_600_000 },
 *   rateLimited: faults.status(429, undefined, { 'retry-after': '30' }),
 *   refusals: (target) => [refused(target, '401', faults.status(401), 'INVALID_CREDENTIALS', { status: 401 })],
 *   serverErrors: (target) => [failing(target, '500', faults.status(500), 'PROVIDER_UNAVAILABLE', { status: 500 })],
 *   malformed: () => [],
 *   expiry: () => [],
 *   spentRefreshToken: '206',
 *   deadRefreshTokenKnownFrom: 'its exp',
 *   refreshTokenRows: [],
 * };
 * ```
 */
export interface ProviderFaults {
  /** The provider's token answer with a pair the server really issued, plus `extra` fields. */
  issued: (server: TokenServer, extra?: Record<string, unknown>) => Record<string, unknown>;
  /** The answer field that holds the access token, e.g. `'token'` or `'access_token'`. */
  tokenField: string;
  /** Fields a token answer may carry that the adapter ignores (the "extra fields" row). */
  extraFields: Record<string, unknown>;
  /**
   * The lifetime of a token whose JWT has no readable `exp`: the row names' words for it and the
   * lifetime itself, e.g. `{ words: 'lives 24 h', lifetimeMs: DAY }`.
   */
  unknownExpiry: { words: string; lifetimeMs: number };
  /** A 429 with `Retry-After: 30`, as the provider sends it. */
  rateLimited: Fault;
  /** The provider's refusals (error bodies, 4xx), right after the success row. */
  refusals: ProviderRows;
  /** The provider's 5xx answers, before the shared retry and transport rows. */
  serverErrors: ProviderRows;
  /** Token answers with a field missing or wrong, after the shared broken-body rows. */
  malformed: ProviderRows;
  /** Rows on a token's expiry as it arrives, last of each target. */
  expiry: ProviderRows;
  /** How the provider refuses a refresh token spent by another client, e.g. `'206'`. */
  spentRefreshToken: string;
  /** What tells the client a refresh token is dead, e.g. `'its exp'`. */
  deadRefreshTokenKnownFrom: string;
  /** The provider's own rows on refresh tokens, last in the matrix. */
  refreshTokenRows: readonly FaultCase[];
}

/** Every row of one target: the shared ones, with the provider's rows in their places. */
function rows(target: FaultCase['target'], provider: ProviderFaults): FaultCase[] {
  const { issued, tokenField, unknownExpiry } = provider;
  const lives = { lifetimeMs: unknownExpiry.lifetimeMs };
  return [
    succeeding(target, 'success', undefined),
    ...provider.refusals(target),
    refused(
      target,
      '307 to another origin (not followed: the body is not sent again)',
      faults.redirect(307),
      'UNEXPECTED_RESPONSE',
      { status: 307 },
    ),
    failing(target, '429 with Retry-After: 30 (seconds)', provider.rateLimited, 'RATE_LIMITED', {
      status: 429,
      retryAfterMs: 30_000,
    }),
    failing(target, '429 with Retry-After as an HTTP-date (+60 s)', retryAfterDate(60), 'RATE_LIMITED', {
      status: 429,
      retryAfterMs: 60_000,
    }),
    failing(
      target,
      '429 with Retry-After as an HTTP-date (+60 s), server clock 3 days ahead: read on its clock',
      retryAfterDate(60),
      'RATE_LIMITED',
      { status: 429, retryAfterMs: 60_000, server: { clockOffsetMs: 3 * DAY } },
    ),
    failing(
      target,
      '429 with Retry-After as an HTTP-date (+60 s), server clock 3 days behind: read on its clock',
      retryAfterDate(60),
      'RATE_LIMITED',
      { status: 429, retryAfterMs: 60_000, server: { clockOffsetMs: -3 * DAY } },
    ),
    failing(target, '429 without Retry-After', faults.status(429), 'RATE_LIMITED', { status: 429 }),
    failing(
      target,
      '429 with an absurd Retry-After (1e12 s): waits 1 h at most',
      faults.status(429, undefined, { 'retry-after': '1000000000000' }),
      'RATE_LIMITED',
      { status: 429, retryAfterMs: MAX_RETRY_AFTER_MS },
    ),
    ...provider.serverErrors(target),
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
    failing(
      target,
      'headers at once, then a body that stalls past requestTimeoutMs (300 ms)',
      faults.stalledBody,
      'PROVIDER_UNAVAILABLE',
      { options: REQUEST_TIMEOUT },
    ),
    failing(
      target,
      'headers at once, then a body trickling a byte per 50 ms past requestTimeoutMs (300 ms)',
      faults.trickledBody,
      'PROVIDER_UNAVAILABLE',
      { options: REQUEST_TIMEOUT },
    ),
    refused(target, 'truncated JSON', faults.truncated, 'UNEXPECTED_RESPONSE', { status: 200 }),
    refused(target, 'bytes that are not JSON', faults.garbage, 'UNEXPECTED_RESPONSE', { status: 200 }),
    refused(target, 'empty body', faults.empty, 'UNEXPECTED_RESPONSE', { status: 200 }),
    refused(target, 'an HTML page with 200', faults.htmlPage, 'UNEXPECTED_RESPONSE', { status: 200 }),
    succeeding(target, 'a valid answer labelled text/plain', answerAs('text/plain', issued)),
    refused(target, 'token fields of the wrong type', faults.wrongTypes, 'UNEXPECTED_RESPONSE', { status: 200 }),
    ...provider.malformed(target),
    succeeding(
      target,
      'extra fields',
      answer((server) => issued(server, provider.extraFields)),
    ),
    succeeding(
      target,
      `a JWT without exp (${unknownExpiry.words})`,
      answer((server) => issued(server, { [tokenField]: jwtWithoutExp() })),
      lives,
    ),
    succeeding(
      target,
      `a JWT whose payload is not JSON (${unknownExpiry.words})`,
      answer((server) => issued(server, { [tokenField]: jwtWithTextPayload() })),
      lives,
    ),
    ...provider.expiry(target),
  ];
}

/**
 * A provider's whole fault matrix: every login row, then every refresh row, then the rows on
 * refresh tokens (one spent by another client, one the client knows is dead, then the
 * provider's own). The rows every provider shares are written here once; `provider` fills in
 * the rest.
 *
 * @param provider - what is the provider's own: its token answer, its refusals, its row names
 * @returns the rows, in the order `docs/reliability.md` lists them
 * @example
 * ```ts
 * export const mastersIndiaFaultMatrix: readonly FaultCase[] = faultMatrix(MASTERS_INDIA);
 * ```
 */
export function faultMatrix(provider: ProviderFaults): FaultCase[] {
  return [
    ...rows('login', provider),
    ...rows('refresh', provider),
    fallingBack(
      `refresh token reused after rotation (another client spent it: ${provider.spentRefreshToken})`,
      undefined,
      'INVALID_CREDENTIALS',
      {
        afterLogin: (server, token) => {
          server.refresh(token.refreshToken);
        },
      },
    ),
    succeeding(
      'refresh',
      `dead refresh token, known from ${provider.deadRefreshTokenKnownFrom}: no refresh call`,
      undefined,
      { server: { refreshLifetimeMs: HOUR / 2 }, calls: ONE_LOGIN, recovery: ONE_LOGIN },
    ),
    ...provider.refreshTokenRows,
  ];
}
