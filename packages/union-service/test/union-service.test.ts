import { inspect } from 'node:util';
import {
  configFromEnv,
  createMemoryStore,
  createProvider,
  isAuthError,
  type TokenProviderOptions,
  withAuth,
} from '@authwire/core';
import { fakeClock, mockedProvider, type UnionServiceHandlersOptions, unionServiceHandlers } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { authErrorOf, exposedText, recordingStore } from '@authwire-tooling/reliability';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type UnionServiceConfig, unionService } from '../src/index.js';

const PASSWORD = 'pw-Un10n-S3cret-zz7';
const BASE = 'https://union-uat.ist-pay.com';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-03-02T08:00:00Z');

const server = useMswServer();

/** Lets a background renewal started by the last call run to its end. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
/** Lets every pending microtask run (a renewal captures its send time before its first I/O). */
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The mock on a fake clock from START and a provider logged in to it. */
function setup(
  mockOptions: UnionServiceHandlersOptions = {},
  providerOptions: TokenProviderOptions = {},
  configOverrides: Partial<UnionServiceConfig> = {},
) {
  return mockedProvider({
    factory: unionService,
    mock: (onClock) => unionServiceHandlers({ ...onClock, password: PASSWORD, ...mockOptions }),
    msw: server,
    clock: fakeClock(START),
    config: configOverrides,
    options: providerOptions,
  });
}

/** A client of the mock's token endpoints that is not the adapter (to steal or inspect). */
const post = (url: string, body: unknown, contentType = 'application/json-patch+json') =>
  fetch(`${url}?api-version=1.0`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });

const problemHeaders = { 'content-type': 'application/vnd.restful+json' };

describe('wire format', () => {
  it('logs in with the documented method, path, query, headers and body', async () => {
    const { provider, mock } = setup();
    await provider.getToken();
    expect(mock.server.requests).toHaveLength(1);
    const [login] = mock.server.requests;
    expect(login).toMatchObject({
      operation: 'login',
      method: 'POST',
      url: `${BASE}/union-service/auth/token?api-version=1.0`,
      body: { username: 'demo@example.com', password: PASSWORD },
    });
    expect(Object.keys(login?.body as object).sort()).toEqual(['password', 'username']);
    expect(login?.headers.accept).toBe('application/vnd.restful+json');
    expect(login?.headers['content-type']).toBe('application/json-patch+json');
    expect(login?.headers.authorization).toBeUndefined();
  });

  it('refreshes with the documented method, path, query, headers and body', async () => {
    const { provider, mock, clock } = setup({ refreshLifetimeMs: 12 * HOUR });
    const first = await provider.getToken();
    clock.advance(10 * HOUR);
    await provider.getToken();
    expect(mock.server.requests.map((r) => r.operation)).toEqual(['login', 'refresh']);
    const refresh = mock.server.requests[1];
    expect(refresh).toMatchObject({
      method: 'POST',
      url: `${BASE}/union-service/auth/refresh-token?api-version=1.0`,
    });
    expect(refresh?.body).toEqual({ refreshToken: first.refreshToken });
    expect(refresh?.headers.accept).toBe('application/vnd.restful+json');
    expect(refresh?.headers['content-type']).toBe('application/json-patch+json');
  });

  it('uses the configured apiVersion and pathPrefix', async () => {
    const { provider, mock } = setup(
      { baseUrl: 'https://union.example.com', pathPrefix: '/gw/union', apiVersions: ['1.0', '2.0'] },
      {},
      { apiVersion: '2.0' },
    );
    await provider.getToken();
    expect(mock.server.requests[0]?.url).toBe('https://union.example.com/gw/union/auth/token?api-version=2.0');
    expect(mock.server.calls.login).toBe(1);
  });

  it('reports an api-version the gateway does not support as INVALID_REQUEST, with its words', async () => {
    const { provider } = setup({}, {}, { apiVersion: '3.0' });
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.message).toContain('Unsupported API version');
    expect(error.message).toContain("does not support the API version '3.0'");
    expect(error.message).toMatch(/traceId 00-[0-9a-f]{32}-[0-9a-f]{16}-01/);
  });
});

describe('token answers', () => {
  it.each(['snake', 'camel', 'pascal', 'kebab'] as const)('reads the %s-case answer', async (casing) => {
    const { provider, mock } = setup({ casing });
    const token = await provider.getToken();
    expect(mock.server.accepts(token.value)).toBe(true);
    expect(token.scheme).toBe('Bearer');
    expect(token.expiresAt).toBe(START + 36_000_000);
    expect(token.refreshToken).toMatch(/^ey/);
    expect(token.refreshExpiresAt).toBe(START + 1_800_000);
    const res = await withAuth(provider)(mock.protectedUrl);
    expect(res.status).toBe(200);
  });

  it.each([
    ['snake', 'bearer'],
    ['camel', 'BEARER'],
    ['snake', ''],
  ] as const)('normalises a %s token type %j to Bearer', async (casing, tokenType) => {
    const { provider, mock } = setup({ casing, tokenType });
    const header = await provider.getAuthorizationHeader();
    expect(header).toMatch(/^Bearer ey/);
    const res = await fetch(mock.protectedUrl, { headers: { authorization: header } });
    expect(res.status).toBe(200);
  });

  it('refresh_expires_in 0 (Keycloak: offline, no expiry) leaves the refresh token without an expiry', async () => {
    server.use(
      http.post(`${BASE}/union-service/auth/token`, () =>
        HttpResponse.json({ AccessToken: 'ey.a.b', ExpiresIn: 600, RefreshToken: 'ey.r.t', RefreshExpiresIn: 0 }),
      ),
    );
    const token = await unionService({ baseUrl: BASE, username: 'u', password: PASSWORD }).getToken();
    expect(token).toMatchObject({ value: 'ey.a.b', refreshToken: 'ey.r.t', scheme: 'Bearer' });
    expect(token).not.toHaveProperty('refreshExpiresAt');
  });

  it('counts expiries from when the request was sent, not when the answer arrived', async () => {
    const { provider, clock } = setup(
      {},
      {
        // The answer takes 5 s to arrive.
        fetch: async (input, init) => {
          const res = await globalThis.fetch(input, init);
          clock.advance(5_000);
          return res;
        },
      },
    );
    const token = await provider.getToken();
    expect(clock.now()).toBe(START + 5_000);
    expect(token.expiresAt).toBe(START + 36_000 * 1000);
    expect(token.refreshExpiresAt).toBe(START + 1_800 * 1000);
  });

  it('keeps the rotated refresh token: the old one is refused on reuse, the new one is used', async () => {
    const { provider, mock, clock, calls } = setup({ refreshLifetimeMs: 12 * HOUR });
    const first = await provider.getToken();
    clock.advance(10 * HOUR);
    const second = await provider.getToken();
    expect(second.refreshToken).toBeDefined();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.refreshExpiresAt).toBe(START + 10 * HOUR + 12 * HOUR);

    const reuse = await post(mock.refreshUrl, { refreshToken: first.refreshToken });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: 'invalid_grant', error_description: 'Token is not active' });

    clock.advance(10 * HOUR);
    const third = await provider.getToken();
    expect(mock.server.requests.filter((r) => r.operation === 'refresh').map((r) => r.body)).toEqual([
      { refreshToken: first.refreshToken },
      { refreshToken: first.refreshToken }, // the reuse above, refused
      { refreshToken: second.refreshToken },
    ]);
    expect(mock.server.accepts(third.value)).toBe(true);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 3 });
  });
});

describe('renewal with the documented lifetimes (access 10 h, refresh 30 min)', () => {
  it('a 10-hour working day, a call every minute: one login per token lifetime, zero refresh-token calls', async () => {
    const { provider, mock, clock, calls, events } = setup();
    const api = withAuth(provider);
    const statuses = new Set<number>();
    for (let minute = 0; minute < 600; minute++) {
      statuses.add((await api(mock.protectedUrl)).status);
      clock.advance(MINUTE);
    }
    await settle();
    expect([...statuses]).toEqual([200]);
    expect(calls.api).toBe(600);
    expect(calls.refresh).toBe(0);
    expect(mock.server.requests.map((r) => r.operation)).toEqual(['login', 'login']);
    // The second login is the renewal 5 min (the refresh window) before the first token expires.
    const logins = events.filter((event) => event.type === 'login');
    expect(logins.map((event) => event.expiresAt)).toEqual([START + 10 * HOUR, START + 595 * MINUTE + 10 * HOUR]);
    expect(logins.every((event) => event.fallbackFrom === undefined)).toBe(true);
    expect(events.some((event) => event.type === 'refresh' || event.type === 'renewal-failed')).toBe(false);
  });

  it('three days, a call every 5 minutes: logins one token lifetime apart, still no refresh-token call', async () => {
    const { provider, clock, calls, events } = setup();
    for (let minute = 0; minute < 3 * 24 * 60; minute += 5) {
      await provider.getToken();
      await tick();
      clock.advance(5 * MINUTE);
    }
    await settle();
    // Each token is renewed when its refresh window (5 min) opens: 595 min after it was requested.
    const sentAt = events.flatMap((event) => (event.type === 'login' ? [event.expiresAt - 10 * HOUR] : []));
    expect(sentAt.length).toBe(Math.ceil((3 * 24 * 60) / 595));
    expect(sentAt.slice(1).map((at, i) => at - (sentAt[i] ?? 0))).toEqual(
      Array.from({ length: sentAt.length - 1 }, () => 595 * MINUTE),
    );
    expect(calls.login).toBe(sentAt.length);
    expect(calls.refresh).toBe(0);
  });

  it('after a long idle spell (the refresh token long dead), renews by logging in without trying refresh', async () => {
    const { provider, clock, calls, events } = setup();
    const first = await provider.getToken();
    clock.advance(10 * HOUR + MINUTE);
    const second = await provider.getToken();
    expect(second.value).not.toBe(first.value);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 0 });
    expect(events.filter((event) => event.type === 'login').map((event) => event.fallbackFrom)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('with a refresh token that outlives the access token, renewal uses refresh-token', async () => {
    const { provider, mock, clock, calls } = setup({ refreshLifetimeMs: 24 * HOUR });
    const api = withAuth(provider);
    for (let minute = 0; minute < 600; minute++) {
      expect((await api(mock.protectedUrl)).status).toBe(200);
      clock.advance(MINUTE);
    }
    await settle();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });
});

describe('errors', () => {
  it('turns a 500 ProblemDetails into PROVIDER_UNAVAILABLE with title, detail and traceId', async () => {
    const { provider, mock } = setup();
    mock.server.fail(
      'login',
      {
        type: 'status',
        status: 500,
        headers: problemHeaders,
        body: {
          type: 'https://tools.ietf.org/html/rfc7231#section-6.6.1',
          title: 'Internal Error',
          status: 500,
          detail: 'Keycloak is unreachable',
          instance: '/union-service/auth/token',
          traceId: '00-e3834f94470cb1568a1c6e854b08fb52-307c6b87d61de9e1-01',
        },
      },
      1,
    );
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.status).toBe(500);
    expect(error.message).toBe(
      'union-service: login failed with HTTP 500: Internal Error; Keycloak is unreachable; traceId 00-e3834f94470cb1568a1c6e854b08fb52-307c6b87d61de9e1-01',
    );
  });

  it('turns an ASP.NET validation error into INVALID_REQUEST naming the fields', async () => {
    const { provider, mock } = setup();
    mock.server.fail(
      'login',
      {
        type: 'status',
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body: {
          errors: {
            Username: ['The Username field is required.'],
            Password: ['The Password field is required.'],
          },
          type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
          title: 'One or more validation errors occurred.',
          status: 400,
          traceId: '00-aa-bb-01',
        },
      },
      1,
    );
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe(
      'union-service: login failed with HTTP 400: One or more validation errors occurred.; fields: Username (The Username field is required.), Password (The Password field is required.); traceId 00-aa-bb-01',
    );
  });

  it('shows application error codes (V-TS-…)', async () => {
    const { provider, mock } = setup();
    mock.server.fail(
      'login',
      {
        type: 'status',
        status: 422,
        headers: problemHeaders,
        body: { type: 'V-TS-MemberNotActive', title: 'Member is suspended', status: 422, traceId: '00-cc-dd-01' },
      },
      1,
    );
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('type V-TS-MemberNotActive; Member is suspended; traceId 00-cc-dd-01');
  });

  it('turns a wrong password (Keycloak 401 invalid_grant) into INVALID_CREDENTIALS', async () => {
    const { cold } = setup();
    const provider = cold({ password: 'wrong' });
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.status).toBe(401);
    expect(error.message).toBe('union-service: login failed with HTTP 401: invalid_grant (Invalid user credentials)');
  });

  it.each([
    [400, { error: 'invalid_grant', error_description: 'Invalid user credentials' }],
    [401, { error: 'invalid_grant' }],
    [401, undefined],
    [
      500,
      {
        title: 'An error occurred while processing your request.',
        status: 500,
        detail: 'Keycloak answered 401: {"error":"invalid_grant","error_description":"Invalid user credentials"}',
      },
    ],
  ])('turns a login answered %i %j into INVALID_CREDENTIALS', async (status, body) => {
    const { provider, mock, calls } = setup();
    mock.server.fail('login', { type: 'status', status, body, headers: problemHeaders }, 1);
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.status).toBe(status);
    expect(calls.login).toBe(1);
  });

  it('turns a wrong password wrapped by the gateway in a 500 into INVALID_CREDENTIALS', async () => {
    const { cold, calls } = setup({ wrapKeycloakErrors: true });
    const provider = cold({ password: 'wrong' });
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.status).toBe(500);
    expect(error.message).toContain('invalid_grant');
    // Not transient: no cool-down, the next call asks again.
    await authErrorOf(provider.getToken());
    expect(calls.login).toBe(2);
  });

  it.each([
    [false, 400],
    [true, 500],
  ])(
    'falls back to one login when refresh is refused (wrapped: %s, HTTP %i): the refresh token was spent elsewhere',
    async (wrapKeycloakErrors, status) => {
      const { provider, mock, clock, calls, events } = setup({ refreshLifetimeMs: 24 * HOUR, wrapKeycloakErrors });
      const first = await provider.getToken();
      // Another client spends the refresh token (rotation): the adapter's copy is now dead.
      expect((await post(mock.refreshUrl, { refreshToken: first.refreshToken })).status).toBe(200);
      clock.advance(10 * HOUR);
      const second = await provider.getToken();
      expect(mock.server.accepts(second.value)).toBe(true);
      expect(mock.server.log.map((entry) => [entry.operation, entry.status])).toEqual([
        ['login', 200],
        ['refresh', 200],
        ['refresh', status],
        ['login', 200],
      ]);
      expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 2 });
      const fallback = events.filter((event) => event.type === 'login').at(-1);
      expect(fallback?.type === 'login' && fallback.fallbackFrom).toBe('INVALID_CREDENTIALS');
    },
  );

  it('does not log in when refresh fails with a plain 500 (transient): PROVIDER_UNAVAILABLE', async () => {
    const { provider, mock, clock, calls } = setup({ refreshLifetimeMs: 24 * HOUR });
    await provider.getToken();
    mock.server.fail(
      'refresh',
      { type: 'status', status: 500, headers: problemHeaders, body: { title: 'Internal Error', status: 500 } },
      1,
    );
    clock.advance(10 * HOUR);
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('union-service: refresh failed with HTTP 500: Internal Error');
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });

  it('turns a 429 with Retry-After into RATE_LIMITED with retryAfterMs', async () => {
    const { provider, mock, clock, calls } = setup();
    mock.server.fail(
      'login',
      { type: 'status', status: 429, headers: { ...problemHeaders, 'retry-after': '30' }, body: { title: 'Too Many' } },
      1,
    );
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.message).toContain('Too Many');
    // Honoured: within the 30 s no new login is tried.
    clock.advance(29_000);
    expect((await authErrorOf(provider.getToken())).code).toBe('RATE_LIMITED');
    expect(calls.login).toBe(1);
    clock.advance(1_000);
    await provider.getToken();
    expect(calls.login).toBe(2);
  });
});

describe('config', () => {
  it('is the union-service provider with its schema and defaults', () => {
    expect(unionService.providerName).toBe('union-service');
    const { mock } = setup();
    const provider = unionService({ baseUrl: `${BASE}/`, username: 'u', password: 'p' });
    expect(provider.name).toBe('union-service');
    expect(provider.origins).toEqual([BASE]);
    expect(mock.baseUrl).toBe(BASE);
  });

  it('is built from environment variables through createProvider', async () => {
    const clock = fakeClock(START);
    const mock = unionServiceHandlers({ now: clock.now, password: PASSWORD, pathPrefix: '/gw', apiVersions: ['2.0'] });
    server.use(...mock.handlers);
    const env = {
      AUTHWIRE_PROVIDER: 'union-service',
      AUTHWIRE_BASE_URL: BASE,
      AUTHWIRE_USERNAME: mock.server.username,
      AUTHWIRE_PASSWORD: PASSWORD,
      AUTHWIRE_API_VERSION: '2.0',
      AUTHWIRE_PATH_PREFIX: '/gw',
    };
    const provider = createProvider(configFromEnv(env, 'AUTHWIRE_'), {
      providers: [unionService],
      clock,
      store: createMemoryStore({ now: clock.now }),
    });
    expect(provider.name).toBe('union-service');
    expect(mock.server.accepts((await provider.getToken()).value)).toBe(true);
    expect(mock.server.requests[0]?.url).toBe(`${BASE}/gw/auth/token?api-version=2.0`);
  });

  it('rejects a bad config with CONFIG_INVALID listing every bad field, never echoing the password', () => {
    let error: unknown;
    try {
      unionService({
        baseUrl: 'ftp://union-uat.ist-pay.com',
        username: '',
        password: PASSWORD,
        apiVersion: '',
        pathPrefix: 'union-service/',
        tenant: 'x',
      } as UnionServiceConfig);
    } catch (e) {
      error = e;
    }
    expect(isAuthError(error) && error.code).toBe('CONFIG_INVALID');
    const text = [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
    for (const field of ['baseUrl', 'username', 'apiVersion', 'pathPrefix', 'tenant']) expect(text).toContain(field);
    expect((error as Error).message).not.toMatch(/\bpassword\b/);
    expect(text).not.toContain(PASSWORD);
  });

  it('names a missing password without echoing anything', () => {
    const error = (() => {
      try {
        unionService({ baseUrl: BASE, username: 'u' } as UnionServiceConfig);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(isAuthError(error) && error.code).toBe('CONFIG_INVALID');
    expect(error?.message).toContain('password');
    expect(error?.message).not.toContain('baseUrl');
  });

  it.each([
    ['http://union-uat.ist-pay.com', false],
    ['http://localhost:8080', true],
    ['http://127.0.0.1:8080', true],
    ['https://union-uat.ist-pay.com?tenant=1', false],
  ])('baseUrl %s accepted: %s', (baseUrl, accepted) => {
    const make = () => unionService({ baseUrl, username: 'u', password: 'p' });
    if (accepted) expect(make().origins).toEqual([new URL(baseUrl).origin]);
    else
      expect(make).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('baseUrl') }),
      );
  });

  it.each(['/', 'union-service', '/union-service/', '/union service', '/a?b'])(
    'rejects pathPrefix %j',
    (pathPrefix) => {
      expect(() => unionService({ baseUrl: BASE, username: 'u', password: 'p', pathPrefix })).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('pathPrefix') }),
      );
    },
  );
});

describe('identity', () => {
  it('origins are the base URL origin, port included', () => {
    const provider = unionService({ baseUrl: 'https://union.example.com:8443/', username: 'u', password: 'p' });
    expect(provider.origins).toEqual(['https://union.example.com:8443']);
  });

  it('caches under union-service|<baseUrl><pathPrefix>|<username>, never the password', async () => {
    const { store, keys } = recordingStore();
    const { make, calls } = setup({}, { store });
    const [ta, tb] = await Promise.all([make().getToken(), make().getToken()]);
    expect(ta.value).toBe(tb.value);
    expect(calls.login).toBe(1);
    expect([...keys]).toEqual(['union-service|https://union-uat.ist-pay.com/union-service|demo@example.com']);
  });
});

describe('secrets', () => {
  it('never shows the password, access or refresh token in errors or inspection, even when echoed', async () => {
    const { provider, mock, clock } = setup({ refreshLifetimeMs: 24 * HOUR });
    const token = await provider.getToken();
    const refreshToken = token.refreshToken ?? '';
    mock.server.fail(
      'refresh',
      {
        type: 'status',
        status: 500,
        headers: problemHeaders,
        body: { title: 'Internal Error', detail: `refresh token ${refreshToken} could not be read` },
      },
      1,
    );
    clock.advance(10 * HOUR);
    const refreshError = await authErrorOf(provider.getToken());
    expect(refreshError.message).toContain('refresh token [redacted] could not be read');
    clock.advance(10_000);
    mock.server.fail(
      'login',
      {
        type: 'status',
        status: 400,
        headers: problemHeaders,
        body: { errors: { Password: [`'${PASSWORD}' is not valid.`] }, title: 'Bad', traceId: 't' },
      },
      1,
    );
    mock.server.fail('refresh', { type: 'status', status: 400, body: { error: 'invalid_grant' } }, 1);
    const loginError = await authErrorOf(provider.getToken());
    expect(loginError.code).toBe('INVALID_REQUEST');
    expect(loginError.message).toContain("Password ('[redacted]' is not valid.)");

    const seen = [refreshError, loginError]
      .flatMap((error) => [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 })])
      .concat([inspect(provider, { depth: 10, showHidden: true }), JSON.stringify(provider)])
      .join('\n');
    for (const secret of [PASSWORD, token.value, refreshToken]) expect(seen).not.toContain(secret);
  });
});

describe('the mock is faithful to the documents', () => {
  it('accepts application/json as well as application/json-patch+json, refuses other media types', async () => {
    const { mock } = setup();
    const credentials = { username: 'demo@example.com', password: PASSWORD };
    expect((await post(mock.tokenUrl, credentials, 'application/json')).status).toBe(200);
    expect((await post(mock.tokenUrl, credentials)).status).toBe(200);
    const refused = await post(mock.tokenUrl, credentials, 'text/plain');
    expect(refused.status).toBe(415);
    expect(refused.headers.get('content-type')).toBe('application/vnd.restful+json');
  });

  it('answers missing fields with the ASP.NET validation shape and a traceId', async () => {
    const { mock } = setup();
    const res = await post(mock.tokenUrl, { username: 'demo@example.com' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/vnd.restful+json');
    expect(await res.json()).toEqual({
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { Password: ['The Password field is required.'] },
      traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
    });
  });

  it('refuses an expired refresh token with Token is not active, and dates answers on the server clock', async () => {
    const { mock, clock } = setup({ clockOffsetMs: -HOUR });
    const login = await post(mock.tokenUrl, { username: 'demo@example.com', password: PASSWORD });
    expect(login.headers.get('date')).toBe(new Date(START - HOUR).toUTCString());
    const body = (await login.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ expires_in: 36_000, refresh_expires_in: 1_800, token_type: 'Bearer' });
    clock.advance(31 * MINUTE);
    const refresh = await post(mock.refreshUrl, { refreshToken: body.refresh_token });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toEqual({ error: 'invalid_grant', error_description: 'Token is not active' });
  });
});

describe('secrets: echoed in any form, or quoted by the transport', () => {
  /** The forms a password may be quoted in: as sent, JSON-escaped (twice), encoded, whitespace-collapsed. */
  const formsOf = (secret: string) => {
    const json = JSON.stringify(secret).slice(1, -1);
    const encoded = [secret, json, JSON.stringify(json).slice(1, -1), encodeURIComponent(secret)];
    return [...new Set([...encoded, ...encoded.map((form) => form.replace(/\s+/g, ' ').trim())])];
  };

  const refusedLogin = async (password: string, body: Record<string, unknown>) => {
    const { provider, mock } = setup({ password });
    mock.server.fail('login', { type: 'status', status: 400, headers: problemHeaders, body }, 1);
    const error = await authErrorOf(provider.getToken());
    return { error, text: exposedText({ errors: [error], providers: [provider] }) };
  };

  it('a password echoed JSON-escaped inside a ProblemDetails detail is redacted', async () => {
    const password = `Zq7"quote\\back-${PASSWORD}`;
    const { error, text } = await refusedLogin(password, {
      title: 'Bad Request',
      detail: `Keycloak answered 400: ${JSON.stringify({ error: 'invalid_request', error_description: `user with password ${password} refused` })}`,
    });
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('user with password [redacted] refused');
    expect(formsOf(password).filter((form) => text.includes(form))).toEqual([]);
  });

  it('a password with runs of whitespace, echoed as sent, is redacted before whitespace is collapsed', async () => {
    const password = `a  b   c\t\t${PASSWORD}`;
    const { error, text } = await refusedLogin(password, {
      title: `Password '${password}' is not valid`,
      errors: { Password: [`'${password}'\nis not valid.`] },
    });
    expect(error.message).toContain(
      "Password '[redacted]' is not valid; fields: Password ('[redacted]' is not valid.)",
    );
    expect(formsOf(password).filter((form) => text.includes(form))).toEqual([]);
  });

  it('a custom fetch failing with the body in its message and cause shows no password anywhere', async () => {
    const password = `Zq7"quote\\back-${PASSWORD}`;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = await new Request(input, init).text();
      throw new TypeError(`fetch failed while sending ${body}`, { cause: new Error(`logged ${JSON.stringify(body)}`) });
    };
    const { provider } = setup({ password }, { fetch });
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toMatch(/^union-service: token request failed: logged .*\[redacted\]/);
    const text = exposedText({ errors: [error], providers: [provider] });
    expect(formsOf(password).filter((form) => text.includes(form))).toEqual([]);
    expect(text).toContain('fetch failed while sending');
  });
});
