import { readJwtExpiry } from '@authwire/core';
import { MASTERS_INDIA_SAMPLE_TOKENS, mastersIndiaHandlers } from '@authwire/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;
const START = Date.parse('2026-03-02T09:00:00Z');
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(options: Parameters<typeof mastersIndiaHandlers>[0] = {}) {
  let now = START;
  const mock = mastersIndiaHandlers({ now: () => now, ...options });
  server.use(...mock.handlers);
  const post = (path: string, body: unknown) =>
    fetch(`${mock.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const credentials = { username: mock.server.username, password: mock.server.password };
  return { mock, post, credentials, advance: (ms: number) => (now += ms) };
}

describe('mastersIndiaHandlers', () => {
  it('answers v1 and v2 logins with a token pair, a Date header on the server clock, 24 h / 30 days', async () => {
    const { post, credentials, mock } = setup({ clockOffsetMs: -7_200_000 });
    for (const version of ['v1', 'v2']) {
      const res = await post(`/api/${version}/token-auth/`, credentials);
      expect(res.status).toBe(200);
      expect(Date.parse(res.headers.get('date') ?? '')).toBe(Math.floor((START - 7_200_000) / 1000) * 1000);
      const body = (await res.json()) as { token: string; refresh_token: string };
      expect(readJwtExpiry(body.token)).toBe(Math.floor((START - 7_200_000 + DAY) / 1000) * 1000);
      expect(readJwtExpiry(body.refresh_token)).toBe(Math.floor((START - 7_200_000 + 30 * DAY) / 1000) * 1000);
    }
    expect(mock.server.calls.login).toBe(2);
  });

  it('accepts url-encoded and multipart form bodies', async () => {
    const { mock, credentials } = setup();
    const url = `${mock.baseUrl}/api/v2/token-auth/`;
    const multipart = new FormData();
    multipart.set('username', credentials.username);
    multipart.set('password', credentials.password);
    for (const body of [new URLSearchParams(credentials), multipart]) {
      expect((await fetch(url, { method: 'POST', body })).status).toBe(200);
    }
  });

  it('answers a missing field with 400 and wrong credentials with 206', async () => {
    const { post, credentials, mock } = setup();
    const missing = await post('/api/v1/token-auth/', { password: credentials.password });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ username: ['missing field'] });
    const wrong = await post('/api/v1/token-auth/', { ...credentials, password: 'nope' });
    expect(wrong.status).toBe(206);
    expect(await wrong.json()).toEqual({ error: 'Unable to login with provided credential' });
    expect(mock.server.log.map((entry) => entry.status)).toEqual([400, 206]);
  });

  it.each([
    ['refresh token', ['token', 'refresh token']],
    ['token-only', ['token']],
  ] as const)('answers in the %s shape', async (responseShape, keys) => {
    const { post, credentials } = setup({ responseShape });
    const res = await post('/api/v1/token-auth/', credentials);
    expect(Object.keys(await res.json())).toEqual(keys);
  });

  it('refreshes with rotation: a reused token gets 206, an expired one 400', async () => {
    const { post, credentials, mock, advance } = setup({ refreshLifetimeMs: 2 * DAY });
    const login = (await (await post('/api/v1/token-auth/', credentials)).json()) as { refresh_token: string };
    const first = await post('/api/v2/api-token-refresh/', { token: login.refresh_token });
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as { token: string; refresh_token: string };
    expect(mock.server.accepts(rotated.token)).toBe(true);
    const reused = await post('/api/v2/api-token-refresh/', { token: login.refresh_token });
    expect(reused.status).toBe(206);
    advance(2 * DAY);
    expect((await post('/api/v2/api-token-refresh/', { token: rotated.refresh_token })).status).toBe(400);
    expect((await post('/api/v2/api-token-refresh/', {})).status).toBe(400);
    expect(mock.server.calls.refresh).toBe(4);
  });

  it('answers 404 at the refresh path when refresh is off', async () => {
    const { post, mock } = setup({ refresh: false, refreshPath: '/api/v3/refresh/' });
    expect((await post('/api/v3/refresh/', { token: 'x' })).status).toBe(404);
    expect(mock.config()).toMatchObject({ refreshPath: '/api/v3/refresh/' });
  });

  it("answers logins with the documents' sample tokens when asked", async () => {
    const { post, credentials } = setup({ sampleTokens: true, responseShape: 'refresh token' });
    const body = await (await post('/api/v1/token-auth/', credentials)).json();
    expect(body).toEqual({
      token: MASTERS_INDIA_SAMPLE_TOKENS.token,
      'refresh token': MASTERS_INDIA_SAMPLE_TOKENS.refreshToken,
    });
    expect(readJwtExpiry(MASTERS_INDIA_SAMPLE_TOKENS.token)).toBe(1_699_613_843_000);
    expect(readJwtExpiry(MASTERS_INDIA_SAMPLE_TOKENS.refreshToken)).toBe(1_699_613_843_000 + 30 * DAY);
  });

  it('protects the sample endpoint with JWT <token>, any method', async () => {
    const { post, credentials, mock } = setup();
    const { token } = (await (await post('/api/v1/token-auth/', credentials)).json()) as { token: string };
    expect((await fetch(mock.protectedUrl, { method: 'PUT', headers: { authorization: `JWT ${token}` } })).status).toBe(
      200,
    );
    expect((await fetch(mock.protectedUrl, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
