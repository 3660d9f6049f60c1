/**
 * The request path of the bindings: `withAuth` adds the token to the caller's headers in the form
 * they came in (a plain object, pairs, a `Headers`) and still leaves a caller's own credential
 * alone in any case; a fresh token is read at once (no await before the request goes out), and a
 * provider of the application's own (no synchronous read) is awaited; a success is never a
 * rejection; what a binding records about a call never shows the token.
 */
import { inspect } from 'node:util';
import ky from 'ky';
import { http } from 'msw';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { headerValueOf } from '../src/compose/token-header.js';
import { type AccessToken, authHooks, authMiddleware, staticKey, type TokenProvider, withAuth } from '../src/index.js';
import { acmeSetup, useMsw } from './fixtures/setup.js';

const server = useMsw();

/** Records the headers of every request to `url`, then lets the next handler answer. */
function recordHeaders(url: string): Headers[] {
  const seen: Headers[] = [];
  server.use(
    http.all(url, ({ request }) => {
      seen.push(new Headers(request.headers));
    }),
  );
  return seen;
}

/** `provider` as an application's own object would be: the interface only, no synchronous read. */
function ownProvider(provider: TokenProvider): TokenProvider & { calls: number } {
  const own = {
    calls: 0,
    name: provider.name,
    origins: provider.origins,
    headerName: provider.headerName,
    getToken(options?: Parameters<TokenProvider['getToken']>[0]) {
      own.calls += 1;
      return provider.getToken(options);
    },
    getAuthorizationHeader: (options?: Parameters<TokenProvider['getToken']>[0]) =>
      provider.getAuthorizationHeader(options),
    invalidate: (rejected?: AccessToken) => provider.invalidate(rejected),
    isTokenRejected: (response: Response) => provider.isTokenRejected(response),
  };
  return own;
}

/** `provider` with its `getToken` calls counted; everything else (its synchronous read too) its own. */
function counted(provider: TokenProvider): TokenProvider & { calls: number } {
  const wrapped = Object.create(provider) as TokenProvider & { calls: number };
  wrapped.calls = 0;
  wrapped.getToken = (options) => {
    wrapped.calls += 1;
    return provider.getToken(options);
  };
  return wrapped;
}

/** openapi-fetch's `GET`, untyped: these URLs are in no OpenAPI document. */
const untypedGet = (client: ReturnType<typeof createClient>) =>
  client.GET as unknown as (url: string, init: { parseAs: 'text' }) => Promise<{ response: Response }>;

const CASES = ['authorization', 'Authorization', 'AUTHORIZATION'];

describe('withAuth: the caller headers in the form they came in', () => {
  it.each(CASES)('a plain object carrying its own %s: sent as it is, its 401 renews nothing', async (name) => {
    const { provider, mock, calls } = acmeSetup(server);
    const seen = recordHeaders(mock.protectedUrl);
    const res = await withAuth(provider)(mock.protectedUrl, { headers: { [name]: 'Bearer caller-own' } });
    expect(res.status).toBe(401);
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer caller-own']);
    expect({ api: calls.api, login: calls.login, refresh: calls.refresh }).toEqual({ api: 1, login: 0, refresh: 0 });
  });

  it.each(CASES)('pairs carrying their own %s: sent as they are, their 401 renews nothing', async (name) => {
    const { provider, mock, calls } = acmeSetup(server);
    const seen = recordHeaders(mock.protectedUrl);
    const res = await withAuth(provider)(mock.protectedUrl, { headers: [[name, 'Bearer caller-own']] });
    expect(res.status).toBe(401);
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer caller-own']);
    expect({ api: calls.api, login: calls.login }).toEqual({ api: 1, login: 0 });
  });

  it.each(CASES)('a Headers carrying its own %s: sent as it is, its 401 renews nothing', async (name) => {
    const { provider, mock, calls } = acmeSetup(server);
    const seen = recordHeaders(mock.protectedUrl);
    const res = await withAuth(provider)(mock.protectedUrl, { headers: new Headers({ [name]: 'Bearer caller-own' }) });
    expect(res.status).toBe(401);
    expect(seen.map((h) => h.get('authorization'))).toEqual(['Bearer caller-own']);
    expect({ api: calls.api, login: calls.login }).toEqual({ api: 1, login: 0 });
  });

  const forms: [string, () => HeadersInit, (headers: HeadersInit) => unknown][] = [
    ['a plain object', () => ({ 'X-Trace': 't-1' }), (headers) => ({ ...(headers as object) })],
    ['pairs', () => [['X-Trace', 't-1']], (headers) => (headers as string[][]).map((pair) => [...pair])],
    ['a Headers', () => new Headers({ 'X-Trace': 't-1' }), (headers) => [...(headers as Headers)]],
  ];

  it.each(forms)(
    '%s: the token added, the other headers kept, the caller object untouched, one replay after a rejection',
    async (_name, make, snapshot) => {
      const { provider, mock, calls } = acmeSetup(server);
      const seen = recordHeaders(mock.protectedUrl);
      const first = await provider.getToken();
      mock.server.revokeAccessTokens();
      const headers = make();
      const before = snapshot(headers);
      const res = await withAuth(provider)(mock.protectedUrl, { headers });
      expect(res.status).toBe(200);
      const next = await provider.getToken();
      expect(seen.map((h) => [h.get('x-trace'), h.get('authorization')])).toEqual([
        ['t-1', headerValueOf(first)],
        ['t-1', headerValueOf(next)],
      ]);
      expect(snapshot(headers)).toEqual(before);
      expect({ api: calls.api, apiRejected: calls.apiRejected, refresh: calls.refresh }).toEqual({
        api: 2,
        apiRejected: 1,
        refresh: 1,
      });
    },
  );

  it.each(['api_key', 'Api_Key', 'API_KEY'])(
    "the provider's own header spelled %s counts as the caller's own",
    async (name) => {
      const url = 'https://keyed.test/items';
      server.use(http.all(url, () => new Response('{}', { status: 200 })));
      const seen = recordHeaders(url);
      const key = staticKey({ value: 'the-key', header: 'api_key', origins: ['https://keyed.test'] });
      await withAuth(key)(url, { headers: { [name]: 'caller-key' } });
      await withAuth(key)(url, { headers: [[name, 'caller-key']] });
      await withAuth(key)(url, { headers: { accept: 'text/plain' } });
      expect(seen.map((h) => h.get('api_key'))).toEqual(['caller-key', 'caller-key', 'the-key']);
    },
  );
});

describe('the token read at once, or awaited', () => {
  it('withAuth with a fresh token: the request goes out before the first await, with no getToken call', async () => {
    const { provider, mock } = acmeSetup(server);
    await provider.getToken();
    const wrapped = counted(provider);
    let sent = 0;
    const api = withAuth(wrapped, {
      fetch: (input, init) => {
        sent += 1;
        return fetch(input, init);
      },
    });
    const pending = api(mock.protectedUrl);
    expect(sent).toBe(1);
    expect((await pending).status).toBe(200);
    expect(wrapped.calls).toBe(0);
  });

  it('withAuth with no token yet: getToken is awaited, then the request goes out', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const wrapped = counted(provider);
    let sent = 0;
    const api = withAuth(wrapped, {
      fetch: (input, init) => {
        sent += 1;
        return fetch(input, init);
      },
    });
    const pending = api(mock.protectedUrl);
    expect(sent).toBe(0);
    expect((await pending).status).toBe(200);
    expect({ sent, getToken: wrapped.calls, login: calls.login }).toEqual({ sent: 1, getToken: 1, login: 1 });
  });

  it('authHooks and authMiddleware with a fresh token set the header at once: no promise', async () => {
    const { provider, mock } = acmeSetup(server);
    const header = headerValueOf(await provider.getToken());
    const hooks = authHooks(provider);
    const forKy = new Request(mock.protectedUrl);
    expect(hooks.beforeRequest[0]?.(forKy, { context: {} })).toBeUndefined();
    expect(forKy.headers.get('authorization')).toBe(header);
    const forOpenapi = new Request(mock.protectedUrl);
    expect(authMiddleware(provider).onRequest({ request: forOpenapi })).toBeUndefined();
    expect(forOpenapi.headers.get('authorization')).toBe(header);
  });

  /** Every core binding as a GET of a URL. */
  const bindings: [string, (provider: TokenProvider) => (url: string) => Promise<Response>][] = [
    ['withAuth', (provider) => (url) => withAuth(provider)(url)],
    [
      'authHooks (ky)',
      (provider) => {
        const api = ky.create({ hooks: authHooks(provider), retry: 0, throwHttpErrors: false });
        return (url) => api.get(url);
      },
    ],
    [
      'authMiddleware (openapi-fetch)',
      (provider) => {
        const client = createClient();
        client.use(authMiddleware(provider));
        return async (url) => (await untypedGet(client)(url, { parseAs: 'text' })).response;
      },
    ],
  ];

  it.each(bindings)(
    "%s with a provider of the application's own (no synchronous read): the token sent, a rejection replayed once",
    async (_name, client) => {
      const { provider, mock, calls } = acmeSetup(server);
      const seen = recordHeaders(mock.protectedUrl);
      const own = ownProvider(provider);
      const get = client(own);
      expect((await get(mock.protectedUrl)).status).toBe(200);
      const first = await provider.getToken();
      mock.server.revokeAccessTokens();
      expect((await get(mock.protectedUrl)).status).toBe(200);
      const next = await provider.getToken();
      expect(seen.map((h) => h.get('authorization'))).toEqual([
        headerValueOf(first),
        headerValueOf(first),
        headerValueOf(next),
      ]);
      // The first request, the second, and the replay's token: each through getToken.
      expect(own.calls).toBe(3);
      expect({ api: calls.api, apiRejected: calls.apiRejected, login: calls.login, refresh: calls.refresh }).toEqual({
        api: 3,
        apiRejected: 1,
        login: 1,
        refresh: 1,
      });
    },
  );

  it.each(bindings)(
    '%s after the token changed: a rejection of the new token is replayed once',
    async (_name, client) => {
      const { provider, mock, calls } = acmeSetup(server);
      const seen = recordHeaders(mock.protectedUrl);
      const get = client(provider);
      expect((await get(mock.protectedUrl)).status).toBe(200);
      const first = await provider.getToken();
      const second = await provider.getToken({ forceRefresh: true });
      expect((await get(mock.protectedUrl)).status).toBe(200);
      mock.server.revokeAccessTokens();
      expect((await get(mock.protectedUrl)).status).toBe(200);
      const third = await provider.getToken();
      expect(seen.map((h) => h.get('authorization'))).toEqual(
        [first, second, second, third].map((token) => headerValueOf(token)),
      );
      expect({ api: calls.api, apiRejected: calls.apiRejected }).toEqual({ api: 4, apiRejected: 1 });
    },
  );

  it.each(bindings)('%s: a success is never a rejection, even in retryStatuses', async (name) => {
    const { provider, mock, calls } = acmeSetup(server);
    const get =
      name === 'withAuth'
        ? (url: string) => withAuth(provider, { retryStatuses: [200, 401] })(url)
        : name === 'authHooks (ky)'
          ? (url: string) =>
              ky.get(url, {
                hooks: authHooks(provider, { retryStatuses: [200, 401] }),
                retry: 0,
                throwHttpErrors: false,
              })
          : async (url: string) => {
              const client = createClient();
              client.use(authMiddleware(provider, { retryStatuses: [200, 401] }));
              return (await untypedGet(client)(url, { parseAs: 'text' })).response;
            };
    expect((await get(mock.protectedUrl)).status).toBe(200);
    expect({ api: calls.api, login: calls.login, refresh: calls.refresh }).toEqual({ api: 1, login: 1, refresh: 0 });
  });
});

describe('what a binding records about a call', () => {
  it("never shows the token where the application can print it (ky's context)", async () => {
    const { provider, mock } = acmeSetup(server);
    const token = await provider.getToken();
    const printed: string[] = [];
    const hooks = authHooks(provider);
    const api = ky.create({
      retry: 0,
      hooks: {
        ...hooks,
        afterResponse: [
          ...hooks.afterResponse,
          (_request, options) => {
            printed.push(inspect(options.context, { showHidden: true, depth: 10 }));
          },
        ],
      },
    });
    expect((await api.get(mock.protectedUrl)).status).toBe(200);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('Sent');
    expect(printed[0]).not.toContain(token.value);
  });
});
