import { inspect } from 'node:util';
import {
  type AuthError,
  configFromEnv,
  createMemoryStore,
  createProvider,
  isAuthError,
  type TokenStore,
} from '@authwire/core';
import {
  fakeClock,
  fakeJwt,
  MASTERS_INDIA_SAMPLE_TOKENS,
  type MastersIndiaHandlersOptions,
  mastersIndiaHandlers,
  mockedProvider,
} from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { authErrorOf, exposedText } from '@authwire-tooling/reliability';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type MastersIndiaConfig, mastersIndia } from '../src/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-03-02T09:00:00Z');
const PASSWORD = 'mi-Pa55word-never-shown-q7';
const PLATFORM = 'https://api-platform.mastersindia.co';

const server = useMswServer();

/** A request as the msw handlers received it. */
interface Seen {
  path: string;
  method: string;
  headers: Headers;
  body: Promise<string>;
}

/** Records every request the handlers receive, protected endpoint excluded. */
function captureRequests(): Seen[] {
  const seen: Seen[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/sample/')) return;
    seen.push({ path: url.pathname, method: request.method, headers: request.headers, body: request.clone().text() });
  });
  return seen;
}

/** The mock on a fake clock from START, the provider, and every request the mock received. */
function setup(mockOptions: MastersIndiaHandlersOptions = {}) {
  const seen = captureRequests();
  const harness = mockedProvider({
    factory: mastersIndia,
    mock: (onClock) => mastersIndiaHandlers({ ...onClock, password: PASSWORD, ...mockOptions }),
    msw: server,
    clock: fakeClock(START),
  });
  return { ...harness, seen };
}

function configError(config: unknown): AuthError {
  try {
    mastersIndia(config as MastersIndiaConfig);
  } catch (error) {
    if (isAuthError(error)) return error;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('mastersIndia: factory', () => {
  it('carries its provider name and config schema', () => {
    expect(mastersIndia.providerName).toBe('masters-india');
    expect(v.is(mastersIndia.configSchema, { username: 'u', password: 'p' })).toBe(true);
    expect(v.is(mastersIndia.configSchema, { username: 'u' })).toBe(false);
  });

  it('sends Authorization: JWT <token>, which the protected endpoint accepts', async () => {
    const { provider, mock } = setup();
    const header = await provider.getAuthorizationHeader();
    expect(header).toMatch(/^JWT eyJ/);
    const res = await fetch(mock.protectedUrl, { headers: { authorization: header } });
    expect(res.status).toBe(200);
  });

  it('is built from env config data by createProvider', async () => {
    const { mock, seen } = setup({ baseUrl: 'https://sandb-api.mastersindia.co' });
    const env = {
      AUTHWIRE_PROVIDER: 'masters-india',
      AUTHWIRE_USERNAME: mock.server.username,
      AUTHWIRE_PASSWORD: PASSWORD,
      AUTHWIRE_ENVIRONMENT: 'sandbox',
      AUTHWIRE_API_VERSION: 'v2',
      AUTHWIRE_HEADERS: '{"Productid": "einvoice"}',
      PATH: '/usr/bin',
    };
    const provider = createProvider(configFromEnv(env), { providers: [mastersIndia], store: createMemoryStore() });
    await provider.getToken();
    expect(seen.map((request) => [request.path, request.headers.get('productid')])).toEqual([
      ['/api/v2/token-auth/', 'einvoice'],
    ]);
  });
});

describe('mastersIndia: config options', () => {
  it.each([
    [undefined, '/api/v1/token-auth/'],
    ['v1', '/api/v1/token-auth/'],
    ['v2', '/api/v2/token-auth/'],
  ] as const)('apiVersion %s logs in at %s', async (apiVersion, path) => {
    const { make, seen, calls } = setup();
    await make(apiVersion === undefined ? {} : { apiVersion }).getToken();
    expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${path}`]);
    expect(calls.login).toBe(1);
  });

  it('sends a JSON body by default', async () => {
    const { provider, seen, mock } = setup();
    await provider.getToken();
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(await (seen[0]?.body ?? ''))).toEqual({ username: mock.server.username, password: PASSWORD });
  });

  it('bodyEncoding form sends application/x-www-form-urlencoded, which the server accepts', async () => {
    const { make, seen, mock, calls } = setup();
    const token = await make({ bodyEncoding: 'form' }).getToken();
    expect(seen[0]?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(await (seen[0]?.body ?? ''));
    expect(Object.fromEntries(form)).toEqual({ username: mock.server.username, password: PASSWORD });
    expect(mock.server.accepts(token.value)).toBe(true);
    expect(calls.login).toBe(1);
  });

  it('headers are sent on login and refresh', async () => {
    const { make, seen, clock, calls } = setup();
    const provider = make({ headers: { Productid: 'einvoice', Subid: '42' } });
    await provider.getToken();
    clock.advance(DAY);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.headers.get('productid')).toBe('einvoice');
      expect(request.headers.get('subid')).toBe('42');
    }
  });

  it.each([
    [undefined, PLATFORM],
    ['platform', PLATFORM],
    ['sandbox', 'https://sandb-api.mastersindia.co'],
    ['production', 'https://prod-api.mastersindia.co'],
  ] as const)('environment %s logs in at %s', async (environment, host) => {
    const { mock } = setup({ baseUrl: host });
    const config = { username: mock.server.username, password: PASSWORD, ...(environment ? { environment } : {}) };
    const provider = mastersIndia(config, { store: createMemoryStore() });
    await provider.getToken();
    expect(provider.origins).toEqual([host]);
    expect(mock.server.calls.login).toBe(1);
  });

  it('an explicit baseUrl wins over environment', async () => {
    const { make, calls, seen } = setup({ baseUrl: 'https://mi-proxy.example.test/masters' });
    const provider = make({ environment: 'sandbox' });
    await provider.getToken();
    expect(provider.origins).toEqual(['https://mi-proxy.example.test']);
    expect(seen.map((request) => request.path)).toEqual(['/masters/api/v1/token-auth/']);
    expect(calls.login).toBe(1);
  });

  it('rejects http: base URLs except loopback hosts', async () => {
    const error = configError({ username: 'u', password: PASSWORD, baseUrl: 'http://api-platform.mastersindia.co' });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('baseUrl');

    const { provider, calls } = setup({ baseUrl: 'http://127.0.0.1:8089' });
    await provider.getToken();
    expect(provider.origins).toEqual(['http://127.0.0.1:8089']);
    expect(calls.login).toBe(1);
  });

  it('CONFIG_INVALID lists every bad field and never echoes a value', () => {
    const typo = 'another-secret-in-a-typo-key';
    const error = configError({
      username: '',
      password: PASSWORD,
      passwd: typo,
      baseUrl: 'ftp://files.example.test',
      environment: 'staging',
      apiVersion: 'v3',
      bodyEncoding: 'xml',
      refresh: 'sometimes',
      refreshPath: 'api/v2/api-token-refresh/',
      headers: { Productid: 7, 'Bad Header': 'x' },
    });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.provider).toBe('masters-india');
    for (const field of [
      'username',
      'passwd',
      'baseUrl',
      'environment',
      'apiVersion',
      'bodyEncoding',
      'refresh',
      'refreshPath',
      'headers.Productid',
      'headers.Bad Header',
    ]) {
      expect(error.message).toContain(field);
    }
    const shown = [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
    for (const value of [PASSWORD, typo, 'ftp://files.example.test', 'staging', 'sometimes']) {
      expect(shown).not.toContain(value);
    }
  });

  it('CONFIG_INVALID names missing credentials, and the schema messages name their field', () => {
    const error = configError({});
    expect(error.message).toMatch(/invalid config: username, password/);
    expect(configError({ username: 1, password: '', apiVersion: 'v9', extra: 'x' }).message).toMatch(
      /^masters-india: invalid config: username, password, apiVersion, extra\n/,
    );
    // The published schema takes either kind of config, and neither a mix nor a bad one.
    expect(v.is(mastersIndia.configSchema, { username: 'u', password: 'p' })).toBe(true);
    expect(v.is(mastersIndia.configSchema, { apiKey: 'k' })).toBe(true);
    expect(v.is(mastersIndia.configSchema, { apiKey: 'k', username: 'u', password: 'p' })).toBe(false);
    expect(v.is(mastersIndia.configSchema, { username: 1, password: '' })).toBe(false);
  });
});

describe('mastersIndia: login answers', () => {
  it('206 {"error"} is INVALID_CREDENTIALS and caches nothing', async () => {
    const { make, calls, events } = setup();
    const provider = make({ password: 'wrong-password' });
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.status).toBe(206);
    await authErrorOf(provider.getToken());
    expect(calls.login).toBe(2);
    expect(events.filter((event) => event.type === 'renewal-failed')).toHaveLength(2);
  });

  it('a 200 with an error body is refused too: success is read from the body', async () => {
    const { provider, mock } = setup();
    mock.server.fail('login', { type: 'status', status: 200, body: { error: 'Unable to login' } }, 1);
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.status).toBe(200);
  });

  it('400 field errors are INVALID_REQUEST naming the fields, not their messages', async () => {
    const { provider, mock } = setup();
    mock.server.fail('login', { type: 'status', status: 400, body: { username: ['missing field'] } }, 1);
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.status).toBe(400);
    expect(error.message).toBe('masters-india: login failed with HTTP 400: invalid or missing fields: username');
  });

  it('a 2xx without a token is UNEXPECTED_RESPONSE', async () => {
    const { provider, mock } = setup();
    mock.server.fail('login', { type: 'status', status: 200, body: { detail: 'ok' } }, 1);
    expect((await authErrorOf(provider.getToken())).code).toBe('UNEXPECTED_RESPONSE');
  });

  it.each([
    ['refresh_token', true],
    ['refresh token', true],
    ['token-only', false],
  ] as const)('reads the %s response shape', async (responseShape, hasRefresh) => {
    const { provider, clock, calls } = setup({ responseShape });
    const token = await provider.getToken();
    expect(token.scheme).toBe('JWT');
    expect(token.expiresAt).toBe(Math.floor((START + DAY) / 1000) * 1000);
    if (hasRefresh) {
      expect(token.refreshToken).toMatch(/^eyJ/);
      expect(token.refreshExpiresAt).toBe(Math.floor((START + 30 * DAY) / 1000) * 1000);
    } else {
      expect(token.refreshToken).toBeUndefined();
      expect(token.refreshExpiresAt).toBeUndefined();
    }
    clock.advance(DAY);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual(
      hasRefresh ? { login: 1, refresh: 1 } : { login: 2, refresh: 0 },
    );
  });
});

describe('mastersIndia: expiry', () => {
  it("accepts the documents' sample tokens (corrupt header, 2023 exp): one clock-skew event, one login", async () => {
    const { provider, clock, events, calls } = setup({ sampleTokens: true });
    const token = await provider.getToken();
    expect(token.value).toBe(MASTERS_INDIA_SAMPLE_TOKENS.token);
    expect(token.refreshToken).toBe(MASTERS_INDIA_SAMPLE_TOKENS.refreshToken);
    expect(token.expiresAt).toBe(START + DAY);
    for (let hour = 0; hour < 23; hour++) {
      for (let i = 0; i < 10; i++) expect((await provider.getToken()).value).toBe(token.value);
      clock.advance(HOUR);
    }
    expect(calls.login).toBe(1);
    const skews = events.filter((event) => event.type === 'clock-skew');
    expect(skews).toHaveLength(1);
    expect(skews[0]).toMatchObject({ claimedExpiresAt: 1_699_613_843_000, expiresAt: START + DAY });
  });

  it.each([
    ['2 h behind', -2 * HOUR],
    ['2 h ahead', 2 * HOUR],
  ])('corrects exp with the Date header when the server clock is %s', async (_label, clockOffsetMs) => {
    const { provider, clock, calls, events } = setup({ clockOffsetMs });
    const token = await provider.getToken();
    expect(Math.abs(token.expiresAt - (START + DAY))).toBeLessThan(2000);
    expect(Math.abs((token.refreshExpiresAt ?? 0) - (START + 30 * DAY))).toBeLessThan(2000);
    clock.advance(23 * HOUR);
    expect((await provider.getToken()).value).toBe(token.value);
    expect(calls.login).toBe(1);
    expect(events.some((event) => event.type === 'clock-skew')).toBe(false);
  });

  it('without a Date header, exp is read as is (a server 2 h behind shortens the token)', async () => {
    const { provider } = setup({ clockOffsetMs: -2 * HOUR, sendDate: false });
    const token = await provider.getToken();
    expect(Math.abs(token.expiresAt - (START + 22 * HOUR))).toBeLessThan(1000);
  });

  it.each([
    ['a JWT without exp', fakeJwt({ token_type: 'access', user_id: 148 })],
    ['an opaque token', 'opaque-access-token-value'],
  ])('%s lives 24 h from when the request was sent', async (_label, value) => {
    const { provider, mock } = setup();
    const refresh = fakeJwt({ token_type: 'refresh' });
    mock.server.fail('login', { type: 'status', status: 200, body: { token: value, refresh_token: refresh } }, 1);
    const token = await provider.getToken();
    expect(token).toEqual({ value, scheme: 'JWT', expiresAt: START + DAY, refreshToken: refresh });
  });
});

describe('mastersIndia: refresh', () => {
  it('auto: POSTs {"token": <refresh token>} to refreshPath and keeps the rotated pair', async () => {
    const refreshPath = '/api/v3/token-refresh/';
    const { provider, clock, calls, seen } = setup({ refreshPath });
    const first = await provider.getToken();
    clock.advance(DAY);
    const second = await provider.getToken();
    clock.advance(DAY);
    const third = await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 2 });
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    const refreshes = seen.filter((request) => request.path === refreshPath);
    expect(refreshes.map((request) => request.headers.get('content-type'))).toEqual([
      'application/json',
      'application/json',
    ]);
    expect(await Promise.all(refreshes.map(async (request) => JSON.parse(await request.body)))).toEqual([
      { token: first.refreshToken },
      { token: second.refreshToken },
    ]);
  });

  it.each([
    ['206 (invalid token)', 206, { error: 'Token is invalid' }],
    ['400 (expired refresh token)', 400, { error: 'Token has expired' }],
  ] as const)('a refresh refused with %s falls back to one login', async (_label, status, body) => {
    const { provider, clock, calls, mock, events } = setup();
    await provider.getToken();
    mock.server.fail('refresh', { type: 'status', status, body }, 1);
    clock.advance(DAY);
    const renewed = await provider.getToken();
    expect(mock.server.accepts(renewed.value)).toBe(true);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 1 });
    expect(events.filter((event) => event.type === 'login').map((event) => event.fallbackFrom)).toEqual([
      undefined,
      'INVALID_CREDENTIALS',
    ]);
    clock.advance(DAY);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 2 });
  });

  it.each([
    ['404', { refresh: false }, undefined],
    ['405', {}, 405],
  ] as const)('a %s at refreshPath turns refresh off for that instance only', async (_label, mockOptions, fault) => {
    const { provider, cold, clock, calls, mock } = setup(mockOptions);
    if (fault !== undefined) mock.server.fail('refresh', { type: 'status', status: fault });
    await provider.getToken();
    clock.advance(DAY);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 1 });
    clock.advance(DAY);
    await provider.getToken();
    clock.advance(DAY);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 4, refresh: 1 });

    const other = cold(); // its own store and adapter: it still tries refresh once
    await other.getToken();
    clock.advance(DAY);
    await other.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 6, refresh: 2 });
  });

  it("refresh 'never' only logs in", async () => {
    const { make, clock, calls } = setup();
    const provider = make({ refresh: 'never' });
    const first = await provider.getToken();
    expect(first.refreshToken).toMatch(/^eyJ/);
    clock.advance(DAY);
    await provider.getToken();
    clock.advance(DAY);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 3, refresh: 0 });
  });
});

describe('mastersIndia: identity and secrets', () => {
  function recordingStore(): TokenStore & { keys: string[] } {
    const inner = createMemoryStore();
    const keys: string[] = [];
    return {
      keys,
      get: (key) => inner.get(key),
      async set(key, entry, ttlMs) {
        keys.push(key);
        await inner.set(key, entry, ttlMs);
      },
      delete: (key) => inner.delete(key),
    };
  }

  it('origins is the base URL origin; cacheKey is name|<base URL>/api/<apiVersion>|username', async () => {
    const { mock, calls } = setup();
    const store = recordingStore();
    const v1 = mastersIndia(mock.config(), { store });
    const v1Again = mastersIndia(mock.config(), { store });
    const v2 = mastersIndia(mock.config({ apiVersion: 'v2' }), { store });
    expect(v1.origins).toEqual([PLATFORM]);
    await v1.getToken();
    await v1Again.getToken(); // same account, same store: shares the token
    await v2.getToken();
    expect(calls.login).toBe(2);
    expect(store.keys).toEqual([
      `masters-india|${PLATFORM}/api/v1|${mock.server.username}`,
      `masters-india|${PLATFORM}/api/v2|${mock.server.username}`,
    ]);
  });

  it('never shows the password or a token in errors, events or inspection', async () => {
    const { provider, make, mock, clock, events } = setup({ refresh: false });
    const token = await provider.getToken();
    const failures: AuthError[] = [];
    clock.advance(DAY); // refresh → 404, then login
    await provider.getToken();
    failures.push(await authErrorOf(make({ password: `${PASSWORD}-wrong` }).getToken()));
    mock.server.fail('login', { type: 'status', status: 400, body: { username: ['missing field'] } }, 1);
    clock.advance(DAY);
    failures.push(await authErrorOf(provider.getToken()));
    expect(failures.map((error) => error.code)).toEqual(['INVALID_CREDENTIALS', 'INVALID_REQUEST']);
    expect(events.some((event) => event.type === 'renewal-failed')).toBe(true);
    const shown = [
      ...failures.flatMap((error) => [error.message, String(error.stack), JSON.stringify(error), inspect(error)]),
      JSON.stringify(events),
      inspect(provider, { depth: 10, showHidden: true }),
      JSON.stringify(provider),
      inspect(mastersIndia, { depth: 10 }),
    ].join('\n');
    for (const secret of [PASSWORD, token.value, token.refreshToken ?? 'missing']) {
      expect(shown).not.toContain(secret);
    }
  });
});

describe('mastersIndia: headers fetch cannot send, and transport errors quoting the body', () => {
  const VALUE = 'einvoice-value-never-shown';

  it.each([
    ['a non-Latin-1 character', `${VALUE} €`],
    ['a line break', `${VALUE}\r\nX-Injected: 1`],
    ['a NUL', `${VALUE}\u0000`],
    ['another control character', `${VALUE}\u0007`],
  ])(
    'a headers value with %s is CONFIG_INVALID at creation, naming headers.Productid, never the value',
    (_label, value) => {
      const error = configError({ username: 'u', password: PASSWORD, headers: { Productid: value, Subid: '1' } });
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain('headers.Productid');
      expect(error.message).not.toContain('headers.Subid');
      const shown = [error.message, String(error.stack), JSON.stringify(error), inspect(error, { depth: 10 })].join(
        '\n',
      );
      expect(shown).not.toContain(VALUE);
    },
  );

  it('an invalid header name is CONFIG_INVALID; Latin-1 values and tabs are accepted', () => {
    expect(configError({ username: 'u', password: PASSWORD, headers: { 'Product id': 'x' } }).message).toContain(
      'headers.Product id',
    );
    expect(() =>
      mastersIndia({ username: 'u', password: PASSWORD, headers: { Productid: 'caf\u00e9\tx' } }),
    ).not.toThrow();
  });

  it.each([
    ['json', 'json'],
    ['form', 'form'],
  ])(
    'a custom fetch failing with the %s body in its message and cause shows no password anywhere',
    async (_label, bodyEncoding) => {
      const password = `Zq7"quote\\back &+= ${PASSWORD}`;
      const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const body = await new Request(input, init).text();
        throw new TypeError(`fetch failed while sending ${body}`, {
          cause: new Error(`retry log: ${JSON.stringify({ body })}`),
        });
      };
      const provider = mastersIndia(
        { username: 'u', password, bodyEncoding: bodyEncoding as 'json' | 'form' },
        { fetch, store: createMemoryStore(), retry: { limit: 0 } },
      );
      const error = await authErrorOf(provider.getToken());
      expect(error.code).toBe('PROVIDER_UNAVAILABLE');
      expect(error.message).toMatch(/^masters-india: token request failed: retry log: .*\[redacted\]/);
      const text = exposedText({ errors: [error], providers: [provider] });
      const json = JSON.stringify(password).slice(1, -1);
      const forms = [
        password,
        json,
        JSON.stringify(json).slice(1, -1),
        encodeURIComponent(password),
        new URLSearchParams({ p: password }).toString().slice(2),
      ];
      expect(forms.filter((form) => text.includes(form))).toEqual([]);
      expect(text).toContain('fetch failed while sending'); // the cause chain is there, redacted
    },
  );
});
