/**
 * DESIGN → Composition: the provider knows how its APIs reject a token (`isTokenRejected`), which
 * header carries it (`headerName`), a request that goes out without it is reported
 * (`token-withheld`), and a one-shot body that met a rejection is not replayed but leaves the next
 * request a new token — the same for `withAuth` and ky `authHooks`, over HTTP (msw).
 */
import ky from 'ky';
import { HttpResponse, http } from 'msw';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { type AuthEvent, authHooks, baseUrlSchema, defineProvider, readBodyPrefix, withAuth } from '../src/index.js';
import { acmeSetup, useMsw } from './fixtures/setup.js';

const server = useMsw();

const bindings = [
  ['withAuth', (provider: Parameters<typeof withAuth>[0]) => withAuth(provider)],
  [
    'authHooks',
    (provider: Parameters<typeof withAuth>[0]) => {
      const api = ky.create({ hooks: authHooks(provider), retry: 0, throwHttpErrors: false });
      return (url: string, init?: RequestInit) => api(url, init);
    },
  ],
] as const;

describe.each(bindings)('%s', (_, bind) => {
  it('a request to another origin goes out without the token and is reported once per origin', async () => {
    const { provider, events, calls } = acmeSetup(server);
    server.use(http.get('http://127.0.0.1:9/x', () => HttpResponse.text('ok')));
    const api = bind(provider);
    await api('http://127.0.0.1:9/x');
    await api('http://127.0.0.1:9/x');
    expect(calls.login).toBe(0);
    expect(events.filter((e) => e.type === 'token-withheld')).toEqual([
      { type: 'token-withheld', provider: 'acme', origin: 'http://127.0.0.1:9' },
    ]);
    // A wrapper of its own reports again: once per origin per wrapper.
    await bind(provider)('http://127.0.0.1:9/x');
    expect(events.filter((e) => e.type === 'token-withheld')).toHaveLength(2);
  });

  it("the provider's isTokenRejected decides: a 403 the provider does not count is returned as it is", async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = bind(provider);
    await api(mock.protectedUrl);
    mock.server.fail('api', { type: 'status', status: 403, body: { detail: 'no permission' } }, 1);
    expect((await api(mock.protectedUrl)).status).toBe(403);
    expect(calls.login + calls.refresh).toBe(1);
  });
});

describe('retryStatuses overrides the provider', () => {
  it('withAuth({ retryStatuses: [403] }) replays a 403 once with a new token', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = withAuth(provider, { retryStatuses: [403] });
    await api(mock.protectedUrl);
    mock.server.fail('api', { type: 'status', status: 403 }, 1);
    expect((await api(mock.protectedUrl)).status).toBe(200);
    expect(calls.login + calls.refresh).toBe(2);
  });
});

describe('headerName: a provider whose token goes in another header', () => {
  const BASE = 'https://keys.example.test';
  const keyed = defineProvider({
    name: 'keyed',
    configSchema: v.object({ baseUrl: baseUrlSchema(), account: v.string(), secret: v.string() }),
    secretFields: ['secret'],
    createAdapter: ({ baseUrl, account, secret }) => ({
      baseUrl,
      account,
      headerName: 'API_KEY',
      isTokenRejected: async (response: Response) =>
        response.status === 403 && (await readBodyPrefix(response)).includes('key revoked'),
      async login(ctx) {
        const res = await ctx.request(`${baseUrl}/token`, { json: { account, secret } });
        return {
          value: ctx.parse(v.object({ key: v.string() }), res).key,
          scheme: '',
          expiresAt: res.sentAt + 3_600_000,
        };
      },
    }),
  });

  it('sets its header (lower-cased), leaves a caller-set one alone, and replays on its own rejection', async () => {
    let issued = 0;
    const seen: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/token`, () => HttpResponse.json({ key: `key-${++issued}` })),
      http.get(`${BASE}/data`, ({ request }) => {
        const key = request.headers.get('api_key');
        seen.push(key);
        if (key === 'key-1' && issued === 1 && seen.length === 2) {
          return HttpResponse.json({ detail: 'key revoked' }, { status: 403 });
        }
        return HttpResponse.json({ ok: true });
      }),
    );
    const events: AuthEvent[] = [];
    const provider = keyed({ baseUrl: BASE, account: 'a', secret: 's3cret-value' }, { onEvent: (e) => events.push(e) });
    expect(provider.headerName).toBe('api_key');
    const api = withAuth(provider);
    expect((await api(`${BASE}/data`)).status).toBe(200);
    const replayed = await api(`${BASE}/data`);
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toEqual({ ok: true });
    expect(seen).toEqual(['key-1', 'key-1', 'key-2']);
    // A request that carries its own key (or its own Authorization) is left alone.
    await api(`${BASE}/data`, { headers: { api_key: 'mine' } });
    expect(seen.at(-1)).toBe('mine');
    expect(issued).toBe(2);
  });
});

describe('one-shot bodies after a rejection', () => {
  it('the rejected response is returned as it is, and the next request gets a new token', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = withAuth(provider);
    await api(mock.protectedUrl);
    mock.server.revokeAccessTokens();
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":1}'));
        controller.close();
      },
    });
    const rejected = await api(mock.protectedUrl, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(rejected.status).toBe(401);
    expect(calls.apiRejected).toBe(1);
    expect(calls.login + calls.refresh).toBe(1); // not replayed: no renewal spent on it yet
    const next = await api(mock.protectedUrl, { method: 'POST', body: '{"a":2}' });
    expect(next.status).toBe(200); // the invalidated token was not sent again
    expect(calls.apiRejected).toBe(1);
    expect(calls.login + calls.refresh).toBe(2);
  });
});

describe('readBodyPrefix', () => {
  it('reads a bounded prefix from a clone; the response stays readable whole', async () => {
    const response = new Response('x'.repeat(10_000));
    expect(await readBodyPrefix(response, 5)).toBe('xxxxx');
    expect((await response.text()).length).toBe(10_000);
    expect(await readBodyPrefix(new Response(null))).toBe('');
  });
});
