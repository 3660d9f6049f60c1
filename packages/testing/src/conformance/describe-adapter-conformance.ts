import { inspect } from 'node:util';
import { isAuthError, type ProviderFactory, type TokenProviderOptions, withAuth } from '@authwire/core';
import type { SetupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { type MockedProvider, mockedProvider } from '../harness/mocked-provider.js';
import type { ProviderMock } from '../server/provider-mock.js';
import type { TokenServerOptions } from '../server/token-server.js';
import { useMswServer } from '../vitest/use-msw-server.js';

/**
 * What `additionalTests` gets: a way to set up the adapter the way the suite's own tests do, and
 * the suite's msw server.
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 * import { mastersIndiaHandlers } from '@authwire/testing';
 * import { describeAdapterConformance } from '@authwire/testing/vitest';
 * import { expect, it } from 'vitest';
 *
 * describeAdapterConformance({
 *   factory: mastersIndia,
 *   mock: mastersIndiaHandlers,
 *   refresh: true,
 *   additionalTests: ({ setup }) => {
 *     it('logs in at the v2 path', async () => {
 *       const { make, mock } = setup();
 *       await make({ apiVersion: 'v2' }).getToken();
 *       expect(mock.server.requests[0]?.url).toContain('/api/v2/token-auth/');
 *     });
 *   },
 * });
 * ```
 */
export interface AdapterConformanceContext<Config, Mock extends ProviderMock<Config>> {
  /**
   * A new mock on a new fake clock, its handlers on the suite's msw server, and providers
   * logged in to it (see `mockedProvider`): the mock gets `{ now, password }` and
   * `mockOptions`; every provider gets the suite's options (retries off, a 500 ms request
   * timeout, a memory store on the clock) and `providerOptions`.
   */
  setup(mockOptions?: TokenServerOptions, providerOptions?: TokenProviderOptions): MockedProvider<Config, Mock>;
  /** The test file's msw server (`useMswServer()`): listening during the suite, reset after each test. */
  msw: SetupServer;
}

/**
 * What {@link describeAdapterConformance} needs to know of an adapter.
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 * import { mastersIndiaHandlers } from '@authwire/testing';
 * import type { AdapterConformanceOptions } from '@authwire/testing/vitest';
 *
 * const options: AdapterConformanceOptions<Parameters<typeof mastersIndia>[0]> = {
 *   factory: mastersIndia,
 *   mock: mastersIndiaHandlers,
 *   refresh: true,
 * };
 * ```
 */
export interface AdapterConformanceOptions<Config, Mock extends ProviderMock<Config> = ProviderMock<Config>> {
  /**
   * The adapter package's factory, e.g. `mastersIndia`. It must declare its secret config fields
   * (`secretFields`, from `defineProvider`): the suite sets the first one (`password`,
   * `clientSecret`, …) in config overrides — a wrong secret, for the invalid-credentials and
   * secrets tests — and checks that no error, event or inspection ever shows a secret.
   */
  factory: ProviderFactory<Config>;
  /**
   * Builds the provider's mock for one test, e.g. `mastersIndiaHandlers`. It gets the suite's
   * token-server options (`now`: the test's fake clock; `password`: a distinctive secret, the
   * one the mock accepts; sometimes `accessLifetimeMs` / `refreshLifetimeMs`) and must honour
   * them. The mock must provide (as this package's mocks do, built on `TokenServer`):
   * - `handlers` answering on `baseUrl`'s origin, which is among the provider's `origins`;
   * - `config(overrides)`: a config of `factory` that logs in to the mock (its first secret
   *   field holding that secret), `overrides` replacing its fields;
   * - `scheme`: the scheme of the tokens the provider returns (`'JWT'`, `'Bearer'`);
   * - `protectedUrl`: 200 only with `Authorization: <scheme> <a live token>`, 401 otherwise;
   *   for a request with a body, `{ echo: <the body> }`;
   * - `server`: its `TokenServer`, whose `calls` count `login`, `refresh`, `api` and
   *   `apiRejected`, whose `fail('login' | 'refresh' | 'api', fault, times?)` injects faults
   *   (`status`, `html`, `network`, `delay`, `garbage`, `truncated`, `wrong-types`), and whose
   *   `revokeAccessTokens()` makes the protected endpoint refuse every token issued so far;
   * - a refused login for a wrong secret (the provider's `INVALID_CREDENTIALS`) and, with
   *   `refresh`, rotating refresh tokens.
   */
  mock: (options: TokenServerOptions) => Mock;
  /**
   * Whether the adapter renews with a refresh token (and the mock supports it): the suite then
   * expects renewals by refresh, and a login fallback when a refresh is refused; otherwise
   * renewals by login only.
   */
  refresh: boolean;
  /**
   * Tests of the adapter's own, run inside the suite's `describe` after its tests, with the
   * suite's msw server and a `setup()` like its own (as unstorage's `testDriver` does).
   *
   * @example
   * ```ts
   * import { unionServiceHandlers } from '@authwire/testing';
   * import { describeAdapterConformance } from '@authwire/testing/vitest';
   * import { unionService } from '@authwire/union-service';
   * import { expect, it } from 'vitest';
   *
   * describeAdapterConformance({
   *   factory: unionService,
   *   mock: unionServiceHandlers,
   *   refresh: true,
   *   additionalTests: ({ setup }) => {
   *     it('sends the api-version', async () => {
   *       const { provider, mock } = setup();
   *       await provider.getToken();
   *       expect(mock.server.requests[0]?.url).toContain('api-version=1.0');
   *     });
   *   },
   * });
   * ```
   */
  additionalTests?: (context: AdapterConformanceContext<Config, Mock>) => void;
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
 * adapter over HTTP against the provider's msw handlers, on a fake clock, then the adapter's
 * `additionalTests`.
 *
 * @param options - the adapter's factory and mock, whether it refreshes, and its own tests
 * @example
 * ```ts
 * // test/conformance.test.ts of an adapter package
 * import { mastersIndia } from '@authwire/masters-india';
 * import { mastersIndiaHandlers } from '@authwire/testing';
 * import { describeAdapterConformance } from '@authwire/testing/vitest';
 *
 * describeAdapterConformance({ factory: mastersIndia, mock: mastersIndiaHandlers, refresh: true });
 * ```
 */
export function describeAdapterConformance<Config, Mock extends ProviderMock<Config> = ProviderMock<Config>>(
  options: AdapterConformanceOptions<Config, Mock>,
): void {
  const name = options.factory.providerName;
  const [secretField] = options.factory.secretFields;
  if (secretField === undefined) {
    throw new TypeError(
      `describeAdapterConformance: ${name} declares no secretFields; the suite sets the first one to a wrong secret`,
    );
  }
  /** A config override that replaces the secret the mock accepts. */
  const withSecret = (secret: string) => ({ [secretField]: secret }) as Partial<Config>;

  describe(`${name}: adapter conformance`, () => {
    const server = useMswServer();

    function setup(serverOptions: TokenServerOptions = {}, providerOptions: TokenProviderOptions = {}) {
      return mockedProvider({
        factory: options.factory,
        mock: (onClock) => options.mock({ ...onClock, password: SECRET_PASSWORD, ...serverOptions }),
        msw: server,
        options: { requestTimeoutMs: 500, ...providerOptions },
      });
    }

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
      const { cold, calls } = setup();
      const provider = cold(withSecret('wrong-password'));
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
      const { provider, cold, mock, events, clock } = setup({
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
        await cold(withSecret(`${SECRET_PASSWORD}-wrong`))
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

    options.additionalTests?.({ setup, msw: server });
  });
}
