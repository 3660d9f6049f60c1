import { type AccessToken, createMemoryStore, isAuthError, type ProviderFactory } from '@authwire/core';
import { fakeClock } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import fc, { type Arbitrary } from 'fast-check';
import { HttpResponse, http } from 'msw';
import type { SetupServerApi } from 'msw/node';
import { describe, expect, it } from 'vitest';
import type { AnswerCode } from '../oracles/renewal-outcome.js';

/**
 * What a token endpoint answers in one run of a property: any status, any bytes, any headers.
 *
 * @example
 * ```ts
 * const answer: TokenAnswer = { status: 200, body: new TextEncoder().encode('{}'), headers: {} };
 * ```
 */
export interface TokenAnswer {
  status: number;
  body: Uint8Array;
  headers: Record<string, string>;
}

/**
 * The answers {@link tokenAnswerArbitrary} draws from, beyond those every provider gets
 * (200 weighted up, any other status that may carry a body, arbitrary JSON, arbitrary values,
 * arbitrary bytes, odd `Retry-After` and `Date` headers).
 *
 * @example
 * ```ts
 * const space: TokenAnswerSpace = {
 *   statuses: [201, 400, 401, 429, 500, 503],
 *   contentTypes: ['application/json', 'text/html'],
 *   tokenFields: fc.record({ token: fc.string() }, { requiredKeys: [] }),
 * };
 * ```
 */
export interface TokenAnswerSpace {
  /** Statuses drawn often, besides 200 (the provider's documented and likely ones). */
  statuses: readonly number[];
  /** `Content-Type` values the answers carry. */
  contentTypes: readonly string[];
  /** Token answers with every field sometimes wrong or missing; up to 3 unknown fields are added. */
  tokenFields: Arbitrary<object>;
  /** Other JSON bodies the provider sends, e.g. its error bodies. */
  errorBodies?: readonly Arbitrary<unknown>[];
  /** Whether the `Date` header is sometimes a valid HTTP-date (otherwise it is any text). */
  httpDates?: boolean;
  /** More headers the answers may carry, e.g. `location`. */
  extraHeaders?: Record<string, Arbitrary<string>>;
}

const encode = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => encode(JSON.stringify(value) ?? '');

/**
 * The answers a property test puts to an adapter's token endpoints: near-valid token answers
 * (weighted up), the provider's other bodies, arbitrary JSON, arbitrary values and arbitrary
 * bytes, with any status that may carry a body and odd headers.
 *
 * @param space - the provider's statuses, content types and bodies
 * @returns an arbitrary of {@link TokenAnswer}s
 * @example
 * ```ts
 * const answers = tokenAnswerArbitrary({
 *   statuses: [201, 400, 401, 429, 500, 503],
 *   contentTypes: ['application/json', 'text/html'],
 *   tokenFields: fc.record({ token: fc.string() }, { requiredKeys: [] }),
 * });
 * ```
 */
export function tokenAnswerArbitrary(space: TokenAnswerSpace): Arbitrary<TokenAnswer> {
  const status = fc.oneof(
    { weight: 3, arbitrary: fc.constant(200) },
    { weight: 2, arbitrary: fc.constantFrom(...space.statuses) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }).filter((s) => ![204, 205, 304].includes(s)) },
  );
  const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
  const httpDate = fc
    .date({ noInvalidDate: true, min: new Date(0), max: new Date(253_402_300_799_000) })
    .map((d) => d.toUTCString());
  const headers = fc.record(
    {
      'content-type': fc.constantFrom(...space.contentTypes),
      'retry-after': fc.oneof(headerText, fc.integer({ min: -5, max: 100_000 }).map(String)),
      date: space.httpDates ? fc.oneof(headerText, httpDate) : headerText,
      ...space.extraHeaders,
    },
    { requiredKeys: [] },
  );
  const nearValid = fc
    .tuple(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), space.tokenFields)
    .map(([extra, known]) => JSON.stringify({ ...extra, ...known }));
  const body = fc.oneof(
    { weight: 3, arbitrary: nearValid.map(encode) },
    ...(space.errorBodies ?? []).map((bodies) => ({ weight: 1, arbitrary: bodies.map(json) })),
    { weight: 1, arbitrary: fc.jsonValue().map(json) },
    { weight: 1, arbitrary: fc.anything().map(json) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  );
  return fc.record({ status, body, headers });
}

/**
 * The body of an answer as text.
 *
 * @param answer - an answer
 * @returns its bytes decoded as UTF-8
 * @example
 * ```ts
 * if (/invalid_grant/.test(answerText(answer))) return 'INVALID_CREDENTIALS';
 * ```
 */
export function answerText(answer: TokenAnswer): string {
  return new TextDecoder().decode(answer.body);
}

/**
 * The body of an answer as an adapter sees it: parsed as JSON when it is JSON.
 *
 * @param answer - an answer
 * @returns the parsed body, or `undefined` for an empty body or one that is not JSON
 * @example
 * ```ts
 * const found = tokenIn(answerJson(answer));
 * ```
 */
export function answerJson(answer: TokenAnswer): unknown {
  const text = answerText(answer);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * An answer as an msw handler returns it.
 *
 * @param answer - an answer
 * @returns a `Response` with its status, a copy of its body and its headers
 * @example
 * ```ts
 * server.resetHandlers(http.post(LOGIN_URL, () => replyWith(answer)));
 * ```
 */
export function replyWith(answer: TokenAnswer): Response {
  return new Response(answer.body.slice(), { status: answer.status, headers: answer.headers });
}

/**
 * Settles `promise`, throwing if it has not settled within `ms` of real time: a property test's
 * guard against a hang.
 *
 * @param promise - e.g. `provider.getToken()`
 * @param ms - how long it may take
 * @returns `{ value }` if it resolved, `{ error }` if it rejected
 * @default ms 15_000
 * @example
 * ```ts
 * const outcome = await settleWithin(provider.getToken());
 * if ('error' in outcome) expect(isAuthError(outcome.error)).toBe(true);
 * ```
 */
export async function settleWithin<T>(promise: Promise<T>, ms = 15_000): Promise<{ value: T } | { error: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Error(`did not settle within ${ms} ms`);
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(hung), ms);
  });
  try {
    return { value: await Promise.race([promise, hang]) };
  } catch (error) {
    if (error === hung) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The token a valid answer holds, as a test's oracle reads it.
 *
 * @example
 * ```ts
 * const found: FoundToken = { token: 'eyJ…', refreshToken: undefined };
 * ```
 */
export interface FoundToken {
  token: string;
  refreshToken: string | undefined;
}

/**
 * What {@link tokenAnswerProperties} and {@link describeParserProperties} need: the adapter,
 * the answers to put to it, and the test's oracle of what each answer must give.
 *
 * @example
 * ```ts
 * const options: ParserPropertyOptions<FoundToken> = {
 *   factory: mastersIndia, config: { username: 'u', password: 'pw' }, start: START, answers,
 *   tokenIn, checkToken,
 *   login: { url: LOGIN_URL, codes: loginCode },
 *   refresh: { url: REFRESH_URL, first, refusal: { status: 206, body: { error: 'refused' } }, codes: refreshCode },
 * };
 * ```
 */
export interface ParserPropertyOptions<Found extends FoundToken> {
  /** The adapter package's factory, e.g. `mastersIndia`. */
  // biome-ignore lint/suspicious/noExplicitAny: any provider's config
  factory: ProviderFactory<any>;
  /** The config of every provider under test (retries off, a memory store, a fake clock). */
  config: Record<string, unknown>;
  /** When the providers' fake clock starts: the first login is requested then. */
  start: number;
  /** The answers, e.g. from {@link tokenAnswerArbitrary}. */
  answers: Arbitrary<TokenAnswer>;
  /** The oracle of a 2xx body: the token it holds, `'refused'` for an error body, or `undefined`. */
  tokenIn: (body: unknown) => Found | 'refused' | undefined;
  /**
   * The provider's own checks of a token it handed out for a valid answer (its scheme, its
   * expiry), after the shared ones (the value, the refresh token).
   */
  checkToken: (token: AccessToken, found: Found, requestedAt: number) => void;
  /** A cold login that gets the answer. */
  login: {
    url: string;
    /** The code the answer gives, or every code it may give. */
    codes: (answer: TokenAnswer) => AnswerCode | readonly AnswerCode[];
  };
  /**
   * A renewal, 1 h after a first login, whose refresh gets the answer and whose login fallback
   * is refused.
   */
  refresh: {
    url: string;
    /** The first login's JSON answer: a token that lives 1 h, and the refresh token refreshed. */
    first: { refresh_token: string } & Record<string, unknown>;
    /** How the login fallback is refused. */
    refusal: { status: number; body: Record<string, unknown> };
    /** The code the answer gives, or every code it may give. */
    codes: (answer: TokenAnswer) => AnswerCode | readonly AnswerCode[];
  };
  /**
   * Runs of each property.
   * @default 120
   */
  runs?: number;
  /**
   * How long a `getToken()` may take before the property fails as a hang.
   * @default 15_000
   */
  hangMs?: number;
}

const HOUR = 3_600_000;

/**
 * The response-parsing properties of an adapter, to run inside the caller's own tests: whatever
 * the token endpoints answer, `getToken()` either resolves with the token of a valid answer or
 * rejects with a typed `AuthError` of a code the oracle allows; never a raw error, never a hang.
 *
 * @param server - the test file's msw server, e.g. from `useMswServer()`
 * @param options - the adapter, the answers and the oracle
 * @returns `login()`, the property of a cold login, and `refresh()`, that of a renewal by refresh
 *   with a refused login fallback; each resolves when its property holds
 * @example
 * ```ts
 * const properties = tokenAnswerProperties(server, options);
 * it('login: the token of a valid answer, or a typed error', () => properties.login());
 * ```
 */
export function tokenAnswerProperties<Found extends FoundToken>(
  server: Pick<SetupServerApi, 'resetHandlers'>,
  options: ParserPropertyOptions<Found>,
): { login: () => Promise<void>; refresh: () => Promise<void> } {
  const { answers, start, login, refresh } = options;
  const runs = options.runs ?? 120;

  function makeProvider() {
    const clock = fakeClock(start);
    const provider = options.factory(options.config, {
      clock,
      store: createMemoryStore({ now: clock.now }),
      retry: { limit: 0 },
    });
    return { provider, clock };
  }

  async function check(
    promise: Promise<AccessToken>,
    codes: AnswerCode | readonly AnswerCode[],
    answer: TokenAnswer,
    requestedAt: number,
    previousRefreshToken?: string,
  ) {
    const outcome = await settleWithin(promise, options.hangMs);
    if ('error' in outcome) {
      const { error } = outcome;
      expect(isAuthError(error), `an AuthError, got ${String(error)}`).toBe(true);
      if (typeof codes === 'string') expect(isAuthError(error) && error.code).toBe(codes);
      else expect(codes).toContain(isAuthError(error) && error.code);
      return;
    }
    if (typeof codes === 'string') expect(codes, 'resolved only for a valid token answer').toBe('ok');
    else expect(codes, 'resolved only for a valid token answer').toEqual(['ok']);
    const found = options.tokenIn(answerJson(answer));
    expect(found).toBeTypeOf('object');
    if (typeof found !== 'object') return;
    expect(outcome.value.value).toBe(found.token);
    // A refresh answer without a refresh token keeps the previous one.
    expect(outcome.value.refreshToken).toBe(found.refreshToken ?? previousRefreshToken);
    options.checkToken(outcome.value, found, requestedAt);
  }

  return {
    login: () =>
      fc.assert(
        fc.asyncProperty(answers, async (answer) => {
          server.resetHandlers(http.post(login.url, () => replyWith(answer)));
          const { provider } = makeProvider();
          await check(provider.getToken(), login.codes(answer), answer, start);
        }),
        { numRuns: runs },
      ),
    refresh: () =>
      fc.assert(
        fc.asyncProperty(answers, async (answer) => {
          let logins = 0;
          server.resetHandlers(
            http.post(login.url, () => {
              logins += 1;
              return logins === 1
                ? HttpResponse.json(refresh.first)
                : HttpResponse.json(refresh.refusal.body, { status: refresh.refusal.status });
            }),
            http.post(refresh.url, () => replyWith(answer)),
          );
          const { provider, clock } = makeProvider();
          await provider.getToken();
          clock.advance(HOUR);
          await check(provider.getToken(), refresh.codes(answer), answer, start + HOUR, refresh.first.refresh_token);
        }),
        { numRuns: runs },
      ),
  };
}

/**
 * Describes an adapter's response-parsing properties (`<name>: response parsing properties`):
 * a cold login, and a renewal by refresh whose login fallback is refused, each put to every
 * generated answer (see {@link tokenAnswerProperties}), against an msw server of its own.
 *
 * @param name - the adapter as the suite names it, e.g. `'mastersIndia'`
 * @param options - the adapter, the answers and the oracle
 * @example
 * ```ts
 * describeParserProperties('mastersIndia', {
 *   factory: mastersIndia, config: { username: 'u', password: 'pw' }, start: START, answers,
 *   tokenIn, checkToken,
 *   login: { url: LOGIN_URL, codes: loginCode },
 *   refresh: { url: REFRESH_URL, first, refusal: { status: 206, body: { error: 'refused' } }, codes: refreshCode },
 * });
 * ```
 */
export function describeParserProperties<Found extends FoundToken>(
  name: string,
  options: ParserPropertyOptions<Found>,
): void {
  describe(`${name}: response parsing properties`, () => {
    const properties = tokenAnswerProperties(useMswServer(), options);
    it('login: any answer gives the token of a valid body or a typed error of the right code', properties.login);
    it('refresh: any answer gives its valid token, or the refresh code, or the login fallback', properties.refresh);
  });
}
