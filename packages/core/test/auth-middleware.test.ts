import { HttpResponse, http } from 'msw';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { AuthErrorCodes, authMiddleware, isAuthError, type TokenProvider } from '../src/index.js';
import { holdFirstRequest } from './fixtures/hold-first-request.js';
import { acmeSetup, useMsw } from './fixtures/setup.js';

const server = useMsw();

const BASE = 'https://api.acme.test';

/** The acme mock's API, written by hand as openapi-typescript would generate it. */
interface paths {
  '/api/sample': {
    get: {
      parameters: { header?: { Authorization?: string } };
      responses: { 200: { content: { 'application/json': { ok: boolean; method: string } } } };
    };
    post: {
      requestBody: { content: { 'application/json': { n: number; note: string } } };
      responses: {
        200: { content: { 'application/json': { ok: boolean; method: string; echo: string } } };
        401: { content: { 'application/json': { detail: string } } };
      };
    };
  };
  '/api/slow': {
    get: { responses: { 200: { content: { 'application/json': { ok: boolean } } } } };
  };
  '/x': {
    get: { responses: { 200: { content: { 'application/json': { ok: boolean } } } } };
  };
}

/** An openapi-fetch client of `baseUrl` authorised by `provider`, sending through `fetch`. */
function clientOf(provider: TokenProvider, baseUrl = BASE, fetch?: typeof globalThis.fetch) {
  const client = createClient<paths>({ baseUrl, ...(fetch && { fetch }) });
  client.use(authMiddleware(provider));
  return client;
}

/** A foreign origin that records the Authorization header it receives. */
function foreignOrigin() {
  const seen: (string | null)[] = [];
  server.use(
    http.get('https://elsewhere.test/*', ({ request }) => {
      seen.push(request.headers.get('authorization'));
      return HttpResponse.json({ ok: true });
    }),
  );
  return seen;
}

describe('authMiddleware (openapi-fetch)', () => {
  it('sends the token to the allowed origins only, reporting a withheld origin', async () => {
    const { provider, events, calls } = acmeSetup(server);
    const seen = foreignOrigin();
    const { data } = await clientOf(provider).GET('/api/sample');
    expect(data).toEqual({ ok: true, method: 'GET' });
    const elsewhere = clientOf(provider, 'https://elsewhere.test');
    expect((await elsewhere.GET('/x')).data).toEqual({ ok: true });
    await elsewhere.GET('/x');
    expect(seen).toEqual([null, null]);
    expect(calls.login).toBe(1);
    expect(events.filter((e) => e.type === 'token-withheld')).toEqual([
      { type: 'token-withheld', provider: 'acme', origin: 'https://elsewhere.test' },
    ]);
  });

  it('leaves an explicit Authorization alone: not replaced, not invalidated, not replayed', async () => {
    const { provider, calls } = acmeSetup(server);
    const client = clientOf(provider);
    const { error, response } = await client.GET('/api/sample', {
      params: { header: { Authorization: 'Bearer caller-owned' } },
    });
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ detail: expect.any(String) });
    expect({ login: calls.login, api: calls.api }).toEqual({ login: 0, api: 1 });
  });

  it('50 concurrent requests rejected for one revoked token: one renewal, each replayed once, bodies intact', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const sent: string[] = [];
    // The client's own fetch: the replays must go through it too.
    const transport: typeof fetch = (input, init) => {
      sent.push(input instanceof Request ? input.method : 'GET');
      return fetch(input, init);
    };
    const client = clientOf(provider, BASE, transport);
    await provider.getToken();
    mock.server.revokeAccessTokens();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) => client.POST('/api/sample', { body: { n, note: `body ${n}` } })),
    );
    results.forEach(({ data, response }, n) => {
      expect(response.status).toBe(200);
      expect(data?.method).toBe('POST');
      expect(JSON.parse(data?.echo ?? 'null')).toEqual({ n, note: `body ${n}` });
    });
    expect(calls).toEqual({ login: 1, refresh: 1, api: 100, apiRejected: 50 });
    expect(sent).toHaveLength(100);
  });

  it('a late 401 for the old token replays with the newer one, with no renewal of its own', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    // The first request to the slow endpoint is held until released, then judged by its token.
    const { handler, seen, arrival, release } = holdFirstRequest(`${BASE}/api/slow`, mock.server);
    server.use(handler);
    const client = clientOf(provider);
    const old = await provider.getToken();
    const late = client.GET('/api/slow');
    await arrival;
    mock.server.revokeAccessTokens();
    expect((await client.GET('/api/sample')).response.status).toBe(200); // 401, renewal, replay
    const newer = await provider.getToken();
    release();
    expect((await late).data).toEqual({ ok: true, method: 'GET' });
    expect(seen).toEqual([`Bearer ${old.value}`, `Bearer ${newer.value}`]);
    expect((await provider.getToken()).value).toBe(newer.value);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });

  it('a permanent 401 is replayed once, then returned: no loop', async () => {
    const { provider, calls } = acmeSetup(server);
    let hits = 0;
    server.use(
      http.get(`${BASE}/api/sample`, () => {
        hits += 1;
        return HttpResponse.json({ detail: 'no' }, { status: 401 });
      }),
    );
    const { error, response } = await clientOf(provider).GET('/api/sample');
    expect(response.status).toBe(401);
    expect(error).toEqual({ detail: 'no' });
    expect(hits).toBe(2);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });

  it('a token failure surfaces from the client call as an AuthError, and nothing is sent', async () => {
    const { make, calls } = acmeSetup(server);
    const provider = make({ password: 'wrong-password' });
    const error = await clientOf(provider)
      .GET('/api/sample')
      .catch((caught: unknown) => caught);
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({ code: AuthErrorCodes.INVALID_CREDENTIALS });
    expect(calls.api).toBe(0);
  });
});
