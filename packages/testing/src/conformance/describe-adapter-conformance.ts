import { inspect } from 'node:util';
import {
  type AuthEvent,
  createMemoryStore,
  isAuthError,
  type ProviderFactory,
  type TokenProvider,
  type TokenProviderOptions,
  withAuth,
} from '@authwire/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../server/fake-clock.js';
import type { ProviderMock } from '../server/provider-mock.js';
import type { TokenServerOptions } from '../server/token-server.js';

/**
 * What {@link describeAdapterConformance} needs to know of an adapter.
 *
 * @example
 * ```ts
 * describeAdapterConformance({ factory: mastersIndia, mock: mastersIndiaHandlers, refresh: true });
 * ```
 */
export interface AdapterConformanceOptions {
  /** The adapter package's factory, e.g. `mastersIndia`. */
  // biome-ignore lint/suspicious/noExplicitAny: any provider's config
  factory: ProviderFactory<any>;
  /** Builds the provider's msw mock. */
  mock: (options: TokenServerOptions) => ProviderMock;
  /** Whether the adapter renews with a refresh token (and the mock supports it). */
  refresh: boolean;
  /** A login fault the provider answers bad credentials with, if not a plain wrong password. */
  label?: string;
}

const SECRET_PASSWORD = 'pw-S3cr3t-conformance-zz9';

/** Polls until `condition` holds (background work finished), failing after 2 s. */
async function eventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The suite every adapter must pass: login, header format, caching, single flight under 1,000
 * concurrent callers, renewal at expiry, refresh-or-login, 401 replay through `withAuth`,
 * invalid credentials, 5xx / timeout / garbage bodies, and a secrets audit. It runs the real
 * adapter over HTTP against the provider's msw handlers, on a fake clock.
 *
 * @param options - the adapter's factory and mock
 * @example
 * ```ts
 * // packages/acme/test/conformance.test.ts
 * import { describeAdapterConformance } from '@authwire/testing';
 * describeAdapterConformance({ factory: acme, mock: acmeHandlers, refresh: true });
 * ```
 */
export function describeAdapterConformance(options: AdapterConformanceOptions): void {
  const name = options.factory.providerName;
  const server = setupServer();

  function setup(serverOptions: TokenServerOptions = {}, providerOptions: TokenProviderOptions = {}) {
    const clock = fakeClock();
    const mock = options.mock({ now: clock.now, password: SECRET_PASSWORD, ...serverOptions });
    server.use(...mock.handlers);
    const events: AuthEvent[] = [];
    const make = (overrides: Record<string, unknown> = {}, extra: TokenProviderOptions = {}): TokenProvider =>
      options.factory(mock.config(overrides), {
        clock,
        store: createMemoryStore({ now: clock.now }),
        onEvent: (event) => events.push(event),
        retry: { limit: 0 },
        requestTimeoutMs: 500,
        ...providerOptions,
        ...extra,
      });
    return { clock, mock, events, provider: make(), make, calls: mock.server.calls };
  }

  describe(`${name}: adapter conformance`, () => {
    beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());

    it('exposes its name and origins', () => {
      const { provider, mock } = setup();
      expect(provider.name).toBe(name);
      expect(provider.origins).toContain(new URL(mock.baseUrl).origin);
    });

    it('logs in and returns a token with the provider scheme', async () => {
      const { provider, mock, calls } = setup();
      const token = await provider.getToken();
      expect(token.value.length).toBeGreaterThan(10);
      expect(token.scheme).toBe(mock.scheme);
      expect(token.expiresAt).toBeGreaterThan(Date.now());
      expect(calls.login).toBe(1);
    });

    it('builds the Authorization header the protected endpoint accepts', async () => {
      const { provider, mock, calls } = setup();
      const header = await provider.getAuthorizationHeader();
      const token = await provider.getToken();
      expect(header).toBe(`${mock.scheme} ${token.value}`);
      const res = await fetch(mock.protectedUrl, { headers: { authorization: header } });
      expect(res.status).toBe(200);
      expect(calls.api).toBe(1);
    });

    it('caches: 100 sequential calls cost one login', async () => {
      const { provider, calls } = setup();
      const first = await provider.getToken();
      for (let i = 0; i < 100; i++) expect((await provider.getToken()).value).toBe(first.value);
      expect(calls.login).toBe(1);
    });

    it('single flight: 1,000 concurrent callers on a cold cache cause one login', async () => {
      const { provider, calls } = setup();
      const tokens = await Promise.all(Array.from({ length: 1000 }, () => provider.getToken()));
      expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
      expect(calls.login).toBe(1);
    });

    it('renews at expiry: one upstream call, a new token', async () => {
      const { provider, clock, calls } = setup({ accessLifetimeMs: 3_600_000, refreshLifetimeMs: 7_200_000 });
      const first = await provider.getToken();
      clock.advance(3_600_000);
      const tokens = await Promise.all(Array.from({ length: 50 }, () => provider.getToken()));
      expect(new Set(tokens.map((token) => token.value))).toEqual(new Set([tokens[0]?.value]));
      expect(tokens[0]?.value).not.toBe(first.value);
      expect(calls.login + calls.refresh).toBe(2);
    });

    it('stale-while-revalidate: serves the current token and renews once in the background', async () => {
      const { provider, clock, calls } = setup({ accessLifetimeMs: 3_600_000, refreshLifetimeMs: 7_200_000 });
      const first = await provider.getToken();
      clock.advance(3_600_000 - 120_000); // inside the refresh window (6 min), outside the skew (30 s)
      const during = await Promise.all(Array.from({ length: 20 }, () => provider.getToken()));
      expect(during.every((token) => token.value === first.value)).toBe(true);
      // Polling getToken during the renewal costs nothing: it joins the renewal in flight.
      await eventually(async () => (await provider.getToken()).value !== first.value);
      expect(calls.login + calls.refresh).toBe(2);
    });

    it(
      options.refresh ? 'renews with the refresh token, keeping the rotated one' : 'renews by logging in',
      async () => {
        const { provider, clock, calls } = setup({ accessLifetimeMs: 3_600_000, refreshLifetimeMs: 7_200_000 });
        await provider.getToken();
        clock.advance(3_600_000);
        await provider.getToken();
        clock.advance(3_600_000);
        await provider.getToken();
        if (options.refresh) {
          expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 2 });
        } else {
          expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 3, refresh: 0 });
        }
      },
    );

    it.skipIf(!options.refresh)('falls back to login once when refresh is refused', async () => {
      const { provider, clock, calls, mock, events } = setup({
        accessLifetimeMs: 3_600_000,
        refreshLifetimeMs: 7_200_000,
      });
      const first = await provider.getToken();
      mock.server.fail('refresh', { type: 'status', status: 400, body: { error: 'invalid_grant' } });
      clock.advance(3_600_000);
      const second = await provider.getToken();
      expect(second.value).not.toBe(first.value);
      expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 1 });
      expect(events.some((event) => event.type === 'login' && event.fallbackFrom !== undefined)).toBe(true);
    });

    it('replays a request once through withAuth after a 401, never in a loop', async () => {
      const { provider, mock, calls } = setup();
      const api = withAuth(provider);
      expect((await api(mock.protectedUrl)).status).toBe(200);
      mock.server.revokeAccessTokens();
      const res = await api(mock.protectedUrl, { method: 'POST', body: 'replayable body' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ echo: 'replayable body' });
      expect(calls.apiRejected).toBe(1);
      mock.server.fail('api', { type: 'status', status: 401 });
      expect((await api(mock.protectedUrl)).status).toBe(401);
      expect(calls.api).toBe(5); // 1 + (401, replay) + (401, one replay)
    });

    it('rejects bad credentials with INVALID_CREDENTIALS and caches nothing', async () => {
      const { make, calls } = setup();
      const provider = make({ password: 'wrong-password' });
      const error = await provider.getToken().catch((e: unknown) => e);
      expect(isAuthError(error) && error.code).toBe('INVALID_CREDENTIALS');
      await provider.getToken().catch(() => undefined);
      expect(calls.login).toBe(2);
    });

    it.each([
      ['a 500', { type: 'status', status: 500, body: { title: 'Internal Error' } }, 'PROVIDER_UNAVAILABLE'],
      ['a 502 HTML page', { type: 'html', status: 502 }, 'PROVIDER_UNAVAILABLE'],
      ['a reset connection', { type: 'network' }, 'PROVIDER_UNAVAILABLE'],
      ['a timeout', { type: 'delay', ms: 1500 }, 'PROVIDER_UNAVAILABLE'],
      ['a garbage body', { type: 'garbage' }, 'UNEXPECTED_RESPONSE'],
      ['truncated JSON', { type: 'truncated' }, 'UNEXPECTED_RESPONSE'],
      ['fields of the wrong type', { type: 'wrong-types' }, 'UNEXPECTED_RESPONSE'],
      ['a 429', { type: 'status', status: 429, headers: { 'retry-after': '7' } }, 'RATE_LIMITED'],
    ] as const)('turns %s into %s, caches nothing and recovers', async (_label, fault, code) => {
      const { provider, mock, clock, calls } = setup();
      mock.server.fail('login', fault, 1);
      const error = await provider.getToken().catch((e: unknown) => e);
      expect(isAuthError(error)).toBe(true);
      expect((error as { code: string }).code).toBe(code);
      if (code === 'RATE_LIMITED') expect((error as { retryAfterMs?: number }).retryAfterMs).toBe(7000);
      clock.advance(10_000); // past minRetryInterval and Retry-After
      const token = await provider.getToken();
      expect(token.value.length).toBeGreaterThan(10);
      expect(calls.login).toBeLessThanOrEqual(2);
    });

    it('a caller that aborts leaves the shared renewal to the others', async () => {
      const { provider, mock, calls } = setup();
      mock.server.fail('login', { type: 'delay', ms: 100 }, 1);
      const controller = new AbortController();
      const leaving = provider.getToken({ signal: controller.signal });
      const staying = provider.getToken();
      controller.abort();
      await expect(leaving).rejects.toMatchObject({ code: 'ABORTED' });
      expect((await staying).value.length).toBeGreaterThan(10);
      expect(calls.login).toBe(1);
    });

    it('never shows a secret in errors, events or inspection', async () => {
      const { provider, make, mock, events, clock } = setup({
        accessLifetimeMs: 3_600_000,
        refreshLifetimeMs: 7_200_000,
      });
      const token = await provider.getToken();
      const secrets = [SECRET_PASSWORD, token.value, token.refreshToken].filter(
        (s): s is string => typeof s === 'string',
      );
      const failures: unknown[] = [];
      for (const fault of [
        { type: 'status', status: 500 },
        { type: 'wrong-types' },
        { type: 'garbage' },
        { type: 'network' },
        { type: 'status', status: 400, body: { username: ['missing field'] } },
      ] as const) {
        mock.server.fail('refresh', fault, 1);
        mock.server.fail('login', fault, 1);
        clock.advance(3_600_000);
        failures.push(await provider.getToken().catch((e: unknown) => e));
        clock.advance(5_000);
      }
      failures.push(
        await make({ password: `${SECRET_PASSWORD}-wrong` })
          .getToken()
          .catch((e: unknown) => e),
      );
      const seen = [
        ...failures.flatMap((error) => [
          String((error as Error).message),
          String((error as Error).stack),
          JSON.stringify(error),
          inspect(error, { depth: 10 }),
        ]),
        JSON.stringify(events),
        inspect(provider, { depth: 10 }),
        JSON.stringify(provider),
      ].join('\n');
      expect(failures.filter(isAuthError).length).toBeGreaterThan(0);
      for (const secret of [...secrets, `${SECRET_PASSWORD}-wrong`]) expect(seen).not.toContain(secret);
    });
  });
}
