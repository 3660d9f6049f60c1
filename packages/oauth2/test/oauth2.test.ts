import { inspect } from 'node:util';
import {
  type AuthEvent,
  configFromEnv,
  createMemoryStore,
  createProvider,
  isAuthError,
  type TokenProviderOptions,
  withAuth,
} from '@authwire/core';
import { type Fault, fakeClock, mockedProvider, type OAuth2HandlersOptions, oauth2Handlers } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { authErrorOf, exposedText, recordingStore, secretsIn } from '@authwire-tooling/reliability';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type OAuth2Config, oauth2 } from '../src/index.js';

const SECRET = 'cs-0Auth2-S3cret-zz7';
const SSO = 'https://sso.example.com';
const TOKEN_URL = `${SSO}/realms/authwire/protocol/openid-connect/token`;
const ISSUER = `${SSO}/realms/authwire`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-03-02T08:00:00Z');
const FORM = 'application/x-www-form-urlencoded';

const server = useMswServer();

/** The realm on a fake clock from START (its client secret SECRET) and a provider of it. */
function setup(
  mockOptions: OAuth2HandlersOptions = {},
  providerOptions: TokenProviderOptions = {},
  config: Partial<OAuth2Config> = {},
  clock = fakeClock(START),
) {
  return mockedProvider({
    factory: oauth2,
    mock: (onClock) => oauth2Handlers({ ...onClock, password: SECRET, ...mockOptions }),
    msw: server,
    clock,
    config,
    options: providerOptions,
  });
}

/** A realm on the password grant whose tokens live 1 h and refresh tokens 1 day. */
const passwordGrant = (more: OAuth2HandlersOptions = {}) =>
  ({ grant: 'password', accessLifetimeMs: HOUR, refreshLifetimeMs: 24 * HOUR, ...more }) as const;

/** A client of the realm's token endpoint that is not the adapter (to spend a refresh token). */
const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(TOKEN_URL, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body: new URLSearchParams(form) });

/** The CONFIG_INVALID error `make` throws, with everything it shows. */
function configError(make: () => unknown) {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(isAuthError(error) && error.code).toBe('CONFIG_INVALID');
  const shown = [(error as Error).message, String((error as Error).stack), JSON.stringify(error), inspect(error)];
  return { message: (error as Error).message, shown: shown.join('\n') };
}

const loginEvents = (events: AuthEvent[]) => events.filter((event) => event.type === 'login');

describe('wire format', () => {
  it('client credentials, client_secret_basic: a form body with the grant only, the client in Authorization', async () => {
    const { provider, mock } = setup();
    await provider.getToken();
    const [login] = mock.server.requests;
    expect(login).toMatchObject({ operation: 'login', method: 'POST', url: TOKEN_URL });
    expect(login?.body).toEqual({ grant_type: 'client_credentials' });
    expect(login?.headers['content-type']).toBe(FORM);
    expect(login?.headers.accept).toBe('application/json');
    expect(login?.headers.authorization).toBe(`Basic ${btoa(`authwire-client:${SECRET}`)}`);
  });

  it('form-encodes id and secret before base64 (RFC 6749 §2.3.1: space as +, reserved characters escaped)', async () => {
    const clientId = 'svc id:1';
    const secret = 'p@ss w+rd/é&=';
    const { provider, mock } = setup({ username: clientId, password: secret });
    expect(mock.server.accepts((await provider.getToken()).value)).toBe(true);
    expect(mock.server.requests[0]?.headers.authorization).toBe(
      `Basic ${btoa('svc+id%3A1:p%40ss+w%2Brd%2F%C3%A9%26%3D')}`,
    );
  });

  it("clientAuth 'post': client_id and client_secret in the body, no Authorization", async () => {
    const { provider, mock } = setup({}, {}, { clientAuth: 'post' });
    await provider.getToken();
    const [login] = mock.server.requests;
    expect(login?.body).toEqual({
      grant_type: 'client_credentials',
      client_id: 'authwire-client',
      client_secret: SECRET,
    });
    expect(login?.headers.authorization).toBeUndefined();
  });

  it('a public client (no secret) names itself in the body, whatever clientAuth says', async () => {
    const { provider, mock } = setup(
      { grant: 'password' },
      {},
      { clientId: 'authwire-public', clientSecret: undefined },
    );
    const token = await provider.getToken();
    expect(mock.server.accepts(token.value)).toBe(true);
    const [login] = mock.server.requests;
    expect(login?.body).toEqual({
      grant_type: 'password',
      username: 'demo@example.com',
      password: 'demo-password',
      client_id: 'authwire-public',
    });
    expect(login?.headers.authorization).toBeUndefined();
  });

  it('the password grant sends the user; scope and params go with every grant, refresh included', async () => {
    const params = { audience: 'https://api.example.com', resource: 'https://api.example.com/orders' };
    const { provider, mock, clock } = setup(passwordGrant(), {}, { scope: 'openid orders:read', params });
    const first = await provider.getToken();
    clock.advance(HOUR);
    await provider.getToken();
    const [login, refresh] = mock.server.requests;
    expect(login?.body).toEqual({
      grant_type: 'password',
      username: 'demo@example.com',
      password: 'demo-password',
      scope: 'openid orders:read',
      ...params,
    });
    expect(refresh).toMatchObject({ operation: 'refresh', method: 'POST', url: TOKEN_URL });
    expect(refresh?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: first.refreshToken,
      scope: 'openid orders:read',
      ...params,
    });
    expect(refresh?.headers.authorization).toBe(login?.headers.authorization);
    expect(refresh?.headers.authorization).toMatch(/^Basic /);
  });
});

describe('OIDC discovery', () => {
  it('reads token_endpoint once (GET, Accept: application/json) for every token request of the provider', async () => {
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      seen.push(`${request.method} ${request.url} ${request.headers.get('accept')}`);
    });
    const { provider, mock, clock, calls } = setup(passwordGrant({ endpoint: 'issuer' }));
    const api = withAuth(provider);
    for (let hour = 0; hour < 5; hour++) {
      await Promise.all(Array.from({ length: 10 }, () => api(mock.protectedUrl)));
      clock.advance(HOUR);
    }
    expect({ login: calls.login, refresh: calls.refresh, api: calls.api }).toEqual({ login: 1, refresh: 4, api: 50 });
    expect(mock.discovery.calls).toBe(1);
    expect(seen.filter((line) => line.includes('.well-known'))).toEqual([
      `GET ${ISSUER}/.well-known/openid-configuration application/json`,
    ]);
    expect(mock.server.requests.every((request) => request.url === TOKEN_URL)).toBe(true);
  });

  it('keeps the endpoint only after a success: a failed discovery is tried again after the cool-down', async () => {
    const { provider, mock, clock, calls } = setup({ endpoint: 'issuer' });
    mock.discovery.fail({ type: 'status', status: 503 }, 1);
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(error.message).toBe(
      `oauth2: OIDC discovery (GET ${ISSUER}/.well-known/openid-configuration) failed with HTTP 503`,
    );
    expect({ discovery: mock.discovery.calls, login: calls.login }).toEqual({ discovery: 1, login: 0 });
    clock.advance(1_000);
    await provider.getToken();
    clock.advance(HOUR);
    await provider.getToken();
    expect({ discovery: mock.discovery.calls, login: calls.login }).toEqual({ discovery: 2, login: 2 });
  });

  it('each provider reads it once, when it first renews: two providers of one account, two reads in all', async () => {
    const { make, mock, clock, calls } = setup({ endpoint: 'issuer' });
    const [a, b] = [make(), make()];
    for (const provider of [a, b, b, a]) {
      await provider.getToken();
      clock.advance(HOUR);
    }
    expect({ discovery: mock.discovery.calls, login: calls.login }).toEqual({ discovery: 2, login: 4 });
  });

  it.each<[string, Fault, string, number | undefined, string]>([
    ['a reset connection', { type: 'network' }, 'PROVIDER_UNAVAILABLE', undefined, 'failed: token request failed'],
    ['an HTML 502', { type: 'html', status: 502 }, 'PROVIDER_UNAVAILABLE', 502, 'failed with HTTP 502'],
    [
      'a 404 (wrong issuer)',
      { type: 'status', status: 404, body: { error: 'Realm does not exist' } },
      'CONFIG_INVALID',
      404,
      'failed with HTTP 404: there is no discovery document; check issuer (Keycloak: https://<host>/realms/<realm>) or give tokenUrl',
    ],
    ['a 401', { type: 'status', status: 401 }, 'UNEXPECTED_RESPONSE', 401, 'failed with HTTP 401'],
    [
      'a redirect (not followed)',
      { type: 'status', status: 302, headers: { location: 'https://elsewhere.test/' } },
      'UNEXPECTED_RESPONSE',
      302,
      'failed with HTTP 302',
    ],
    [
      'a 200 that is not JSON',
      { type: 'garbage' },
      'UNEXPECTED_RESPONSE',
      200,
      'answered HTTP 200 without a JSON document',
    ],
    [
      'a document without token_endpoint',
      { type: 'status', status: 200, body: { issuer: ISSUER, token_endpoint: 42 } },
      'UNEXPECTED_RESPONSE',
      200,
      'the document has no token_endpoint',
    ],
    [
      'a plain-http token_endpoint',
      { type: 'status', status: 200, body: { token_endpoint: 'http://sso.example.com/token' } },
      'UNEXPECTED_RESPONSE',
      200,
      'token_endpoint must be an https: URL',
    ],
    [
      'a token_endpoint with credentials',
      { type: 'status', status: 200, body: { token_endpoint: 'https://u:p@sso.example.com/token' } },
      'UNEXPECTED_RESPONSE',
      200,
      'token_endpoint must be an https: URL without credentials',
    ],
  ])('turns %s into %s naming the discovery URL', async (_label, fault, code, status, words) => {
    const { provider, mock, calls } = setup({ endpoint: 'issuer' });
    mock.discovery.fail(fault, 1);
    const error = await authErrorOf(provider.getToken());
    expect({ code: error.code, status: error.status, provider: error.provider }).toEqual({
      code,
      status,
      provider: 'oauth2',
    });
    expect(error.message).toContain(`oauth2: OIDC discovery (GET ${ISSUER}/.well-known/openid-configuration)`);
    expect(error.message).toContain(words);
    expect(calls.login).toBe(0);
  });

  it('a 404 is a config error: not transient, the next call asks again at once', async () => {
    const { provider, mock, calls } = setup({ endpoint: 'issuer' });
    mock.discovery.fail({ type: 'status', status: 404 }, 1);
    expect((await authErrorOf(provider.getToken())).code).toBe('CONFIG_INVALID');
    await provider.getToken();
    expect({ discovery: mock.discovery.calls, login: calls.login }).toEqual({ discovery: 2, login: 1 });
  });

  it('a 429 is RATE_LIMITED with Retry-After', async () => {
    const { provider, mock } = setup({ endpoint: 'issuer' });
    mock.discovery.fail({ type: 'status', status: 429, headers: { 'retry-after': '20' } }, 1);
    const error = await authErrorOf(provider.getToken());
    expect({ code: error.code, retryAfterMs: error.retryAfterMs }).toEqual({
      code: 'RATE_LIMITED',
      retryAfterMs: 20_000,
    });
  });

  it("follows a token_endpoint on another origin than the issuer's (the token request accepts any absolute URL)", async () => {
    const { mock, make, calls } = setup();
    const issuer = 'https://login.other.test/tenant-1/v2.0';
    server.use(
      http.get(`${issuer}/.well-known/openid-configuration`, () =>
        HttpResponse.json({ issuer, token_endpoint: mock.tokenUrl }),
      ),
    );
    const provider = make({ tokenUrl: undefined, issuer });
    expect(mock.server.accepts((await provider.getToken()).value)).toBe(true);
    expect(calls.login).toBe(1);
  });

  it("drops an issuer's trailing slash before appending the well-known path (Auth0's issuer ends in /)", async () => {
    const { make, mock } = setup();
    const provider = make({ tokenUrl: undefined, issuer: `${ISSUER}/` });
    await provider.getToken();
    expect(mock.discovery.calls).toBe(1);
  });
});

describe('token answers', () => {
  it("reads Keycloak's answer: expires_in and refresh_expires_in count from when the request was sent", async () => {
    const clock = fakeClock(START);
    // The answer takes 5 s to arrive.
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await globalThis.fetch(input, init);
      clock.advance(5_000);
      return res;
    };
    const { provider, mock } = setup({ grant: 'password' }, { fetch }, {}, clock);
    const token = await provider.getToken();
    expect(clock.now()).toBe(START + 5_000);
    expect(token).toMatchObject({
      scheme: 'Bearer',
      expiresAt: START + 5 * MINUTE,
      refreshExpiresAt: START + 30 * MINUTE,
    });
    expect(mock.server.accepts(token.value)).toBe(true);
    expect(token.refreshToken).toMatch(/^eyJ/);
  });

  it('client credentials (Keycloak: no refresh token, refresh_expires_in 0): renews by logging in', async () => {
    const { provider, clock, calls } = setup();
    const token = await provider.getToken();
    expect(token.refreshToken).toBeUndefined();
    expect(token.refreshExpiresAt).toBeUndefined();
    clock.advance(5 * MINUTE);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 0 });
  });

  it('refreshes with rotation: the new refresh token replaces the old one, which the realm refuses on reuse', async () => {
    const { provider, mock, clock, calls } = setup(passwordGrant());
    const first = await provider.getToken();
    clock.advance(HOUR);
    const second = await provider.getToken();
    expect(second.refreshToken).toBeDefined();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.refreshExpiresAt).toBe(START + HOUR + 24 * HOUR);

    const auth = { authorization: `Basic ${btoa(`authwire-client:${SECRET}`)}` };
    const reuse = await post({ grant_type: 'refresh_token', refresh_token: first.refreshToken ?? '' }, auth);
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Maximum allowed refresh token reuse exceeded',
    });

    clock.advance(HOUR);
    const third = await provider.getToken();
    expect(mock.server.accepts(third.value)).toBe(true);
    expect(
      mock.server.requests
        .filter((r) => r.operation === 'refresh')
        .map((r) => (r.body as Record<string, string>).refresh_token),
    ).toEqual([
      first.refreshToken,
      first.refreshToken, // the reuse above, refused
      second.refreshToken,
    ]);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 3 });
  });

  it('a refresh answer without refresh_token keeps the old one (and its expiry)', async () => {
    const { provider, mock, clock } = setup(passwordGrant());
    const first = await provider.getToken();
    const { access } = mock.server.issue();
    mock.server.fail(
      'refresh',
      { type: 'status', status: 200, body: { access_token: access, expires_in: 3600, token_type: 'Bearer' } },
      1,
    );
    clock.advance(HOUR);
    const second = await provider.getToken();
    expect(second.value).toBe(access);
    expect({ refreshToken: second.refreshToken, refreshExpiresAt: second.refreshExpiresAt }).toEqual({
      refreshToken: first.refreshToken,
      refreshExpiresAt: first.refreshExpiresAt,
    });
    clock.advance(HOUR);
    await provider.getToken();
    expect(mock.server.requests.at(-1)?.body).toMatchObject({ refresh_token: first.refreshToken });
  });

  it('a dead refresh token (refresh_expires_in passed) is never sent: renewal logs in at once', async () => {
    const { provider, clock, calls, events } = setup({ grant: 'password' }); // access 5 min, refresh 30 min
    await provider.getToken();
    clock.advance(40 * MINUTE);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 0 });
    expect(loginEvents(events).map((event) => event.fallbackFrom)).toEqual([undefined, undefined]);
  });

  it('refresh_expires_in 0 (an offline token) means no known expiry: refresh is tried, and a refusal logs in', async () => {
    const { provider, clock, calls, events } = setup({ grant: 'password' }, {}, { scope: 'offline_access' });
    const first = await provider.getToken();
    expect(first.refreshToken).toBeDefined();
    expect(first.refreshExpiresAt).toBeUndefined();
    clock.advance(5 * MINUTE);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
    // Unused for longer than the realm keeps an offline session idle: refused, then one login.
    clock.advance(40 * MINUTE);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 2 });
    expect(loginEvents(events).at(-1)?.fallbackFrom).toBe('INVALID_CREDENTIALS');
  });

  it("without expires_in, the access token's JWT exp rules, read on the server's clock", async () => {
    const { provider, mock } = setup({ sendExpiresIn: false, accessLifetimeMs: 20 * MINUTE, clockOffsetMs: 3 * HOUR });
    const token = await provider.getToken();
    expect(token.expiresAt).toBe(START + 20 * MINUTE);
    expect(mock.server.requests).toHaveLength(1);
  });

  it('without expires_in nor a JWT exp, a token lives 1 h', async () => {
    const { provider, mock } = setup();
    mock.server.fail(
      'login',
      { type: 'status', status: 200, body: { access_token: 'opaque-2YhnB4r8', token_type: 'Bearer' } },
      1,
    );
    const token = await provider.getToken();
    expect(token).toEqual({ value: 'opaque-2YhnB4r8', scheme: 'Bearer', expiresAt: START + HOUR });
  });

  it('reads expires_in sent as a numeric string (Entra ID v1)', async () => {
    const { provider, mock } = setup();
    const { access } = mock.server.issue();
    mock.server.fail(
      'login',
      {
        type: 'status',
        status: 200,
        body: { access_token: access, expires_in: '3599', ext_expires_in: '3599', token_type: 'Bearer' },
      },
      1,
    );
    expect((await provider.getToken()).expiresAt).toBe(START + 3_599_000);
  });

  it.each(['bearer', 'BEARER', 'Bearer', ' bearer ', ''])('token_type %j is the Bearer scheme', async (tokenType) => {
    const { provider, mock } = setup({ tokenType });
    const header = await provider.getAuthorizationHeader();
    expect(header).toMatch(/^Bearer eyJ/);
    expect((await fetch(mock.protectedUrl, { headers: { authorization: header } })).status).toBe(200);
  });

  it('a missing token_type is the Bearer scheme', async () => {
    const { provider, mock } = setup();
    const { access } = mock.server.issue();
    mock.server.fail('login', { type: 'status', status: 200, body: { access_token: access, expires_in: 300 } }, 1);
    expect(await provider.getAuthorizationHeader()).toBe(`Bearer ${access}`);
  });

  it.each(['DPoP', 'MAC', 'mac'])('a non-Bearer token_type %j is the scheme as sent', async (tokenType) => {
    const { provider, mock } = setup({ tokenType });
    const header = await provider.getAuthorizationHeader();
    expect(header.startsWith(`${tokenType} eyJ`)).toBe(true);
    expect((await withAuth(provider)(mock.protectedUrl)).status).toBe(200);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an empty access_token', { access_token: '' }],
    ['an access_token with a space', { access_token: 'two words' }],
    ['a token_type that is no HTTP scheme', { token_type: 'Bearer x' }],
    ['a negative expires_in', { expires_in: -5 }],
    ['expires_in that is not a number', { expires_in: 'soon' }],
  ])('refuses %s as UNEXPECTED_RESPONSE', async (_label, fields) => {
    const { provider, mock } = setup();
    const { access } = mock.server.issue();
    const body = { access_token: access, expires_in: 300, token_type: 'Bearer', ...fields };
    mock.server.fail('login', { type: 'status', status: 200, body }, 1);
    const error = await authErrorOf(provider.getToken());
    expect({ code: error.code, status: error.status }).toEqual({ code: 'UNEXPECTED_RESPONSE', status: 200 });
  });
});

describe('errors (RFC 6749 §5.2)', () => {
  it.each<[string, number, string]>([
    ['invalid_client', 401, 'INVALID_CREDENTIALS'],
    ['invalid_client', 400, 'INVALID_CREDENTIALS'],
    ['invalid_grant', 400, 'INVALID_CREDENTIALS'],
    ['unauthorized_client', 400, 'INVALID_CREDENTIALS'],
    ['invalid_request', 400, 'INVALID_REQUEST'],
    ['invalid_scope', 400, 'INVALID_REQUEST'],
    ['unsupported_grant_type', 400, 'INVALID_REQUEST'],
    ['invalid_target', 400, 'INVALID_REQUEST'],
    ['temporarily_unavailable', 400, 'PROVIDER_UNAVAILABLE'],
    ['temporarily_unavailable', 503, 'PROVIDER_UNAVAILABLE'],
    ['server_error', 500, 'PROVIDER_UNAVAILABLE'],
    ['invalid_grant', 500, 'PROVIDER_UNAVAILABLE'], // a 5xx is the server's trouble, whatever its body
    ['invalid_client', 429, 'RATE_LIMITED'], // so is a 429
    ['access_denied', 403, 'INVALID_CREDENTIALS'], // unknown to RFC 6749 §5.2: the status decides
    ['something_else', 400, 'INVALID_REQUEST'],
    ['invalid_grant', 200, 'INVALID_CREDENTIALS'], // an error answered with 200 and no token
  ])('login answered %s with HTTP %i → %s, error_description quoted', async (error, status, code) => {
    const { provider, mock, calls } = setup();
    const body = { error, error_description: 'Described by the server', error_uri: 'https://sso.example.com/help' };
    mock.server.fail('login', { type: 'status', status, body }, 1);
    const failure = await authErrorOf(provider.getToken());
    expect({ code: failure.code, status: failure.status, provider: failure.provider }).toEqual({
      code,
      status,
      provider: 'oauth2',
    });
    expect(failure.message).toBe(
      `oauth2: login failed with HTTP ${status}: ${error} (Described by the server); see https://sso.example.com/help`,
    );
    expect(calls.login).toBe(1);
  });

  it('a 429 carries retryAfterMs from Retry-After, and no login is tried before it', async () => {
    const { provider, mock, clock, calls } = setup();
    mock.server.fail('login', { type: 'status', status: 429, headers: { 'retry-after': '30' } }, 1);
    const error = await authErrorOf(provider.getToken());
    expect({ code: error.code, retryAfterMs: error.retryAfterMs }).toEqual({
      code: 'RATE_LIMITED',
      retryAfterMs: 30_000,
    });
    clock.advance(29_000);
    expect((await authErrorOf(provider.getToken())).code).toBe('RATE_LIMITED');
    expect(calls.login).toBe(1);
    clock.advance(1_000);
    await provider.getToken();
    expect(calls.login).toBe(2);
  });

  it('as the realm refuses: a wrong client secret, a wrong user password, a public client without a grant, an unknown scope', async () => {
    const { cold } = setup({ grant: 'password' });
    const wrongSecret = await authErrorOf(cold({ clientSecret: 'not-the-secret' }).getToken());
    expect(wrongSecret.message).toBe(
      'oauth2: login failed with HTTP 401: invalid_client (Invalid client or Invalid client credentials)',
    );
    expect(wrongSecret.code).toBe('INVALID_CREDENTIALS');
    const wrongUser = await authErrorOf(cold({ password: 'not-the-password' }).getToken());
    expect(wrongUser.message).toBe('oauth2: login failed with HTTP 401: invalid_grant (Invalid user credentials)');
    expect(wrongUser.code).toBe('INVALID_CREDENTIALS');
    const publicClient = cold({
      clientId: 'authwire-public',
      clientSecret: undefined,
      grant: 'client_credentials',
      username: undefined,
      password: undefined,
    });
    const unauthorized = await authErrorOf(publicClient.getToken());
    expect(unauthorized.code).toBe('INVALID_CREDENTIALS');
    expect(unauthorized.message).toContain(
      'unauthorized_client (Public client not allowed to retrieve service account)',
    );
    const scope = await authErrorOf(cold({ scope: 'orders:delete' }).getToken());
    expect(scope.code).toBe('INVALID_REQUEST');
    expect(scope.message).toContain('HTTP 400: invalid_scope (Invalid scopes: ');
  });

  it('a refused refresh (invalid_grant: another client spent it) falls back to one login', async () => {
    const { provider, mock, clock, calls, events } = setup(passwordGrant());
    const first = await provider.getToken();
    const auth = { authorization: `Basic ${btoa(`authwire-client:${SECRET}`)}` };
    expect((await post({ grant_type: 'refresh_token', refresh_token: first.refreshToken ?? '' }, auth)).status).toBe(
      200,
    );
    clock.advance(HOUR);
    const second = await provider.getToken();
    expect(mock.server.accepts(second.value)).toBe(true);
    expect(mock.server.log.map((entry) => [entry.operation, entry.status])).toEqual([
      ['login', 200],
      ['refresh', 200],
      ['refresh', 400],
      ['login', 200],
    ]);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 2 });
    expect(loginEvents(events).at(-1)?.fallbackFrom).toBe('INVALID_CREDENTIALS');
  });

  it.each<[string, number, string]>([
    ['invalid_client', 401, 'INVALID_CREDENTIALS'],
    ['unauthorized_client', 400, 'INVALID_CREDENTIALS'],
    ['invalid_scope', 400, 'INVALID_REQUEST'],
  ])('a refresh refused with %s (HTTP %i) falls back to one login (fallbackFrom %s)', async (error, status, code) => {
    const { provider, mock, clock, calls, events } = setup(passwordGrant());
    await provider.getToken();
    mock.server.fail('refresh', { type: 'status', status, body: { error } }, 1);
    clock.advance(HOUR);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 1 });
    expect(loginEvents(events).at(-1)?.fallbackFrom).toBe(code);
  });

  it('a refresh answered temporarily_unavailable is transient: PROVIDER_UNAVAILABLE, no login', async () => {
    const { provider, mock, clock, calls } = setup(passwordGrant());
    await provider.getToken();
    mock.server.fail('refresh', { type: 'status', status: 400, body: { error: 'temporarily_unavailable' } }, 1);
    clock.advance(HOUR);
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('oauth2: refresh failed with HTTP 400: temporarily_unavailable');
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });

  it('unsupported_grant_type on refresh turns refresh off: one login now, logins only from then on', async () => {
    const { provider, mock, clock, calls, events } = setup(passwordGrant());
    await provider.getToken();
    mock.server.fail('refresh', { type: 'status', status: 400, body: { error: 'unsupported_grant_type' } }, 1);
    clock.advance(HOUR);
    await provider.getToken();
    expect(loginEvents(events).at(-1)?.fallbackFrom).toBe('INVALID_REQUEST');
    clock.advance(HOUR);
    await provider.getToken();
    expect(mock.server.requests.map((request) => request.operation)).toEqual(['login', 'refresh', 'login', 'login']);
    expect(calls.refresh).toBe(1);
  });

  it('a 307 from the token endpoint is not followed: the credentials are not sent again', async () => {
    const { provider, mock } = setup();
    mock.server.fail(
      'login',
      { type: 'status', status: 307, headers: { location: 'https://collector.elsewhere.test/steal' } },
      1,
    );
    const error = await authErrorOf(provider.getToken());
    expect({ code: error.code, status: error.status }).toEqual({ code: 'UNEXPECTED_RESPONSE', status: 307 });
  });
});

describe('secrets', () => {
  it('never shows the client secret, the Basic credentials, the user password or a token, even when echoed', async () => {
    const userPassword = 'usr-Pa55word-9f2e-zz';
    const { provider, mock, clock } = setup(
      passwordGrant({ user: { username: 'demo@example.com', password: userPassword } }),
      {},
      { password: userPassword },
    );
    const token = await provider.getToken();
    const basic = btoa(`authwire-client:${SECRET}`);
    const echo = (status: number, error: string) => ({
      type: 'status' as const,
      status,
      body: {
        error,
        error_description: `got Authorization: Basic ${basic} (${encodeURIComponent(basic)}), secret ${SECRET}, user ${userPassword}, refresh ${token.refreshToken}, access ${token.value}`,
      },
    });
    mock.server.fail('refresh', echo(400, 'invalid_grant'), 1);
    mock.server.fail('login', echo(401, 'invalid_client'), 1);
    clock.advance(HOUR);
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('INVALID_CREDENTIALS');
    expect(error.message).toBe(
      'oauth2: login failed with HTTP 401: invalid_client (got Authorization: [redacted] ([redacted]), secret [redacted], user [redacted], refresh [redacted], access [redacted])',
    );
    const text = exposedText({ errors: [error], providers: [provider] });
    expect(
      secretsIn(text, [SECRET, basic, encodeURIComponent(basic), userPassword, token.value, token.refreshToken]),
    ).toEqual([]);
  });
  // Core collects credential headers (Authorization whole and after its scheme) for redaction:
  // a transport error quoting the request's Authorization shows no Basic credentials.
  it('a fetch failing with the Authorization header in its message shows no Basic credentials', async () => {
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      throw new TypeError(`fetch failed while sending ${new Request(input, init).headers.get('authorization')}`);
    };
    const { provider } = setup({}, { fetch });
    const error = await authErrorOf(provider.getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    const text = exposedText({ errors: [error], providers: [provider] });
    expect(secretsIn(text, [SECRET, btoa(`authwire-client:${SECRET}`)])).toEqual([]);
  });
});

describe('config', () => {
  const valid: OAuth2Config = {
    tokenUrl: TOKEN_URL,
    clientId: 'authwire-client',
    clientSecret: SECRET,
    origins: ['https://api.example.com'],
  };

  it('is the oauth2 provider: its name, schema and secret fields', () => {
    expect(oauth2.providerName).toBe('oauth2');
    expect(oauth2.secretFields).toEqual(['clientSecret', 'password']);
    const provider = oauth2(valid);
    expect(provider.name).toBe('oauth2');
    expect(provider.headerName).toBe('authorization');
  });

  it("origins are the APIs', normalised and deduplicated, never the token endpoint's", () => {
    const provider = oauth2({
      ...valid,
      origins: [
        'https://API.example.com/',
        'https://api.example.com:443',
        'http://localhost:8080',
        'https://b.example.com',
      ],
    });
    expect(provider.origins).toEqual(['https://api.example.com', 'http://localhost:8080', 'https://b.example.com']);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['neither tokenUrl nor issuer', { tokenUrl: undefined }, ['tokenUrl', 'tokenUrl or issuer is required']],
    ['both tokenUrl and issuer', { issuer: ISSUER }, ['issuer', 'give tokenUrl or issuer, not both']],
    ['a plain-http tokenUrl', { tokenUrl: 'http://sso.example.com/token' }, ['tokenUrl', 'https:']],
    ['a tokenUrl with credentials', { tokenUrl: `https://u:${SECRET}@sso.example.com/token` }, ['tokenUrl']],
    ['an issuer with a query', { tokenUrl: undefined, issuer: `${ISSUER}?x=1` }, ['issuer']],
    ['no clientId', { clientId: '' }, ['clientId']],
    ['an unknown grant', { grant: 'authorization_code' }, ['grant']],
    ['the password grant without user', { grant: 'password' }, ['username', 'password']],
    ['a user with client credentials', { username: 'me', password: SECRET }, ['username', 'password']],
    ['an unknown clientAuth', { clientAuth: 'private_key_jwt' }, ['clientAuth']],
    ['a scope with two spaces', { scope: 'a  b' }, ['scope']],
    ['a scope with a quote', { scope: 'a"b' }, ['scope']],
    ['params setting grant_type', { params: { grant_type: 'password' } }, ['params.grant_type']],
    ['params setting client_secret', { params: { client_secret: SECRET } }, ['params.client_secret']],
    ['a param that is not a string', { params: { audience: 1 } }, ['params.audience']],
    ['no origins', { origins: undefined }, ['origins']],
    ['empty origins', { origins: [] }, ['origins']],
    ['an origin with a path', { origins: ['https://api.example.com/v1'] }, ['origins.0', 'no path']],
    ['a plain-http origin', { origins: ['https://a.example.com', 'http://api.example.com'] }, ['origins.1', 'https:']],
    ['an origin that is no URL', { origins: ['api.example.com'] }, ['origins.0']],
    ['an unknown field', { audience: 'x' }, ['audience']],
    ['a secret pasted as a field name', { [SECRET]: 1 }, ['unknown option']],
  ])('refuses %s with CONFIG_INVALID naming the field, never a secret', (_label, change, words) => {
    const { message, shown } = configError(() => oauth2({ ...valid, ...change } as OAuth2Config));
    for (const word of words) expect(message).toContain(word);
    expect(shown).not.toContain(SECRET);
  });

  it('names every invalid field at once', () => {
    const { message } = configError(() =>
      oauth2({
        clientId: '',
        grant: 'password',
        clientAuth: 'jwt',
        params: { scope: 'x' },
        origins: [],
      } as unknown as OAuth2Config),
    );
    for (const field of ['tokenUrl', 'clientId', 'username', 'password', 'clientAuth', 'params.scope', 'origins']) {
      expect(message).toContain(field);
    }
  });

  it('is built from a config object through createProvider', async () => {
    const { mock, clock } = setup();
    const provider = createProvider(
      { provider: 'oauth2', ...mock.config() },
      { providers: [oauth2], clock, store: createMemoryStore({ now: clock.now }) },
    );
    expect(provider.name).toBe('oauth2');
    expect(mock.server.accepts((await provider.getToken()).value)).toBe(true);
  });
  it('is built from environment variables (origins as a comma list, params as JSON) through createProvider', async () => {
    const { mock, clock } = setup({}, {}, {});
    const env = {
      AUTHWIRE_PROVIDER: 'oauth2',
      AUTHWIRE_ISSUER: ISSUER,
      AUTHWIRE_CLIENT_ID: 'authwire-client',
      AUTHWIRE_CLIENT_SECRET: SECRET,
      AUTHWIRE_CLIENT_AUTH: 'post',
      AUTHWIRE_SCOPE: 'orders:read',
      AUTHWIRE_PARAMS: '{"audience":"https://api.example.com"}',
      AUTHWIRE_ORIGINS: 'https://api.example.com, https://sso.example.com',
    };
    const provider = createProvider(configFromEnv(env, 'AUTHWIRE_'), {
      providers: [oauth2],
      clock,
      store: createMemoryStore({ now: clock.now }),
    });
    expect(provider.origins).toEqual(['https://api.example.com', 'https://sso.example.com']);
    expect(mock.server.accepts((await provider.getToken()).value)).toBe(true);
    expect(mock.server.requests[0]?.body).toEqual({
      grant_type: 'client_credentials',
      scope: 'orders:read',
      audience: 'https://api.example.com',
      client_id: 'authwire-client',
      client_secret: SECRET,
    });
  });
});

describe('identity', () => {
  it.each<[string, OAuth2HandlersOptions, Partial<OAuth2Config>, string]>([
    ['client credentials', {}, {}, `oauth2|${TOKEN_URL}|authwire-client`],
    ['the password grant', { grant: 'password' }, {}, `oauth2|${TOKEN_URL}|authwire-client/demo%40example.com`],
    [
      'scope and params (sorted)',
      {},
      { scope: 'orders:read', params: { resource: 'https://api.example.com', audience: 'orders' } },
      `oauth2|${TOKEN_URL}|authwire-client?audience=orders&resource=https%3A%2F%2Fapi.example.com&scope=orders%3Aread`,
    ],
    ['an issuer', { endpoint: 'issuer' }, {}, `oauth2|${ISSUER}|authwire-client`],
  ])('caches %s under its own key, never a secret', async (_label, mockOptions, config, key) => {
    const { store, keys } = recordingStore();
    const { make, calls } = setup(mockOptions, { store }, config);
    const [a, b] = await Promise.all([make().getToken(), make().getToken()]);
    expect(a.value).toBe(b.value);
    expect(calls.login).toBe(1);
    expect([...keys]).toEqual([key]);
  });

  it('two providers of one client for different audiences never share a token', async () => {
    const { make, calls } = setup();
    const orders = await make({ params: { audience: 'orders' } }).getToken();
    const billing = await make({ params: { audience: 'billing' } }).getToken();
    expect(orders.value).not.toBe(billing.value);
    expect(calls.login).toBe(2);
  });
});

describe('the realm mock', () => {
  const basic = (id: string, secret: string) => ({ authorization: `Basic ${btoa(`${id}:${secret}`)}` });

  it('accepts the client by Basic or in the body, never both; answers no-store, dated on its clock', async () => {
    const { mock } = setup({ clockOffsetMs: -HOUR });
    const byBasic = await post({ grant_type: 'client_credentials' }, basic('authwire-client', SECRET));
    expect(byBasic.status).toBe(200);
    expect(byBasic.headers.get('cache-control')).toBe('no-store');
    expect(byBasic.headers.get('date')).toBe(new Date(START - HOUR).toUTCString());
    expect(await byBasic.json()).toMatchObject({
      expires_in: 300,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      scope: 'profile email',
    });
    const byBody = await post({
      grant_type: 'client_credentials',
      client_id: 'authwire-client',
      client_secret: SECRET,
    });
    expect(byBody.status).toBe(200);
    const both = await post(
      { grant_type: 'client_credentials', client_secret: SECRET },
      basic('authwire-client', SECRET),
    );
    expect(both.status).toBe(400);
    expect(await both.json()).toEqual({
      error: 'invalid_request',
      error_description: 'More than one client authentication method was used',
    });
    expect(mock.server.calls.login).toBe(3);
  });

  it('refuses bad Basic credentials with 401 invalid_client and a Basic challenge', async () => {
    setup();
    for (const headers of [
      basic('authwire-client', 'wrong'),
      { authorization: 'Basic !!!' },
      basic('nobody', SECRET),
    ]) {
      const res = await post({ grant_type: 'client_credentials' }, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="authwire"');
      expect(await res.json()).toEqual({
        error: 'invalid_client',
        error_description: 'Invalid client or Invalid client credentials',
      });
    }
  });

  it('refuses a body that is not a form, a missing or unknown grant_type, and a missing refresh_token', async () => {
    setup();
    const auth = basic('authwire-client', SECRET);
    const json = await fetch(TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect([json.status, ((await json.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
    const cases: [Record<string, string>, number, string][] = [
      [{}, 400, 'invalid_request'],
      [{ grant_type: 'authorization_code' }, 400, 'unsupported_grant_type'],
      [{ grant_type: 'refresh_token' }, 400, 'invalid_request'],
      [{ grant_type: 'refresh_token', refresh_token: 'nope' }, 400, 'invalid_grant'],
    ];
    for (const [form, status, error] of cases) {
      const res = await post(form, auth);
      expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([status, error]);
    }
  });

  it('refuses a refresh token presented by another client than the one it was issued to', async () => {
    const { mock } = setup({ grant: 'password' });
    const login = await post({
      grant_type: 'password',
      username: mock.user.username,
      password: mock.user.password,
      client_id: mock.publicClientId,
    });
    const { refresh_token } = (await login.json()) as { refresh_token: string };
    const res = await post({ grant_type: 'refresh_token', refresh_token }, basic('authwire-client', SECRET));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: "Invalid refresh token. Token client and authorized client don't match",
    });
  });

  it('serves a discovery document naming its token endpoint', async () => {
    const { mock } = setup();
    const res = await fetch(mock.discovery.url);
    expect(await res.json()).toMatchObject({
      issuer: ISSUER,
      token_endpoint: TOKEN_URL,
      token_endpoint_auth_methods_supported: expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
      grant_types_supported: expect.arrayContaining(['client_credentials', 'password', 'refresh_token']),
    });
    expect(mock.discovery.calls).toBe(1);
  });
});
