/**
 * One flow for every way of calling the bindings: `withAuth` treats a string, a URL and a
 * `Request` (with or without an init overriding it) alike, and `authHooks` finds the token to
 * invalidate in the header it set, never in a caller's own `Authorization`.
 */
import ky, { type Hooks, type Options } from 'ky';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { headerValueOf, tokenOfHeader } from '../src/compose/token-header.js';
import { authHooks, type TokenProvider, withAuth } from '../src/index.js';
import { holdFirstRequest } from './fixtures/hold-first-request.js';
import { acmeSetup, useMsw } from './fixtures/setup.js';

const server = useMsw();

const FOREIGN = 'https://elsewhere.test/x';

/** Records the `Authorization` of every request to `url`, then lets the next handler answer. */
function recordAuthorization(url: string): (string | null)[] {
  const seen: (string | null)[] = [];
  server.use(
    http.all(url, ({ request }) => {
      seen.push(request.headers.get('authorization'));
    }),
  );
  return seen;
}

/** A foreign origin that answers 401 and records the `Authorization` it receives. */
function foreignOrigin(): (string | null)[] {
  const seen: (string | null)[] = [];
  server.use(
    http.all(FOREIGN, ({ request }) => {
      seen.push(request.headers.get('authorization'));
      return HttpResponse.json({ foreign: true }, { status: 401 });
    }),
  );
  return seen;
}

/** A request as the caller means it, whatever form it is handed to `fetch` in. */
interface Call {
  method: 'GET' | 'POST';
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const initOf = ({ method, body, headers, signal }: Call): RequestInit => ({
  method,
  ...(body !== undefined && { body, duplex: 'half' }),
  ...(headers !== undefined && { headers }),
  ...(signal !== undefined && { signal }),
});

type Form = (url: string, call: Call) => [RequestInfo | URL, RequestInit?];

/**
 * The forms of one call. `bodyInInit`: whether the body travels in the init (a stream there is
 * sent once) or inside the `Request` (copied for a replay).
 */
const forms: [name: string, form: Form, bodyInInit: boolean][] = [
  ['a string', (url, call) => [url, initOf(call)], true],
  ['a URL object', (url, call) => [new URL(url), initOf(call)], true],
  ['a Request', (url, call) => [new Request(url, initOf(call))], false],
  [
    'a Request whose headers the init replaces',
    (url, call) => [
      new Request(url, { ...initOf(call), headers: { authorization: 'Bearer replaced-by-the-init' } }),
      { headers: call.headers ?? {} },
    ],
    false,
  ],
  [
    'a Request that the init overrides entirely',
    (url, call) => [
      new Request(url, { method: 'DELETE', headers: { authorization: 'Bearer replaced-by-the-init' } }),
      { ...initOf(call), headers: call.headers ?? {} },
    ],
    true,
  ],
];

const streamOf = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

async function* iterableOf(text: string) {
  yield new TextEncoder().encode(text);
}

describe.each(forms)('withAuth called with %s', (_name, form, bodyInInit) => {
  it.each([
    { method: 'GET', body: undefined },
    { method: 'POST', body: '{"n":1}' },
  ] as const)('a rejected token: one $method replay with the next token, body included', async ({ method, body }) => {
    const { provider, mock, calls } = acmeSetup(server);
    const seen = recordAuthorization(mock.protectedUrl);
    const first = await provider.getToken();
    mock.server.revokeAccessTokens();
    const res = await withAuth(provider)(...form(mock.protectedUrl, { method, ...(body !== undefined && { body }) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, method, ...(body !== undefined && { echo: body }) });
    const next = await provider.getToken();
    expect(next.value).not.toBe(first.value);
    expect(seen).toEqual([headerValueOf(first), headerValueOf(next)]);
    expect({ api: calls.api, apiRejected: calls.apiRejected, login: calls.login, refresh: calls.refresh }).toEqual({
      api: 2,
      apiRejected: 1,
      login: 1,
      refresh: 1,
    });
  });

  it('another origin gets no token, and its 401 costs no token call', async () => {
    const { provider, calls } = acmeSetup(server);
    const seen = foreignOrigin();
    const res = await withAuth(provider)(...form(FOREIGN, { method: 'POST', body: 'payload' }));
    expect(res.status).toBe(401);
    expect(seen).toEqual([null]);
    expect(calls.login + calls.refresh).toBe(0);
  });

  it("the caller's own Authorization is sent as it is: never replaced, replayed or invalidated", async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const seen = recordAuthorization(mock.protectedUrl);
    const current = await provider.getToken();
    mock.server.revokeAccessTokens();
    // The hardest case: the caller sends the provider's own (now revoked) token.
    const own = headerValueOf(current);
    const res = await withAuth(provider)(
      ...form(mock.protectedUrl, { method: 'GET', headers: { Authorization: own } }),
    );
    expect(res.status).toBe(401);
    expect(seen).toEqual([own]);
    expect((await provider.getToken()).value).toBe(current.value);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 0 });
  });

  it("the caller's signal reaches getToken", async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const call: Call = { method: 'GET', signal: AbortSignal.abort() };
    await expect(withAuth(provider)(...form(mock.protectedUrl, call))).rejects.toMatchObject({ code: 'ABORTED' });
    expect(calls.api).toBe(0);
  });

  // Skipped for the input shapes that carry no body in the init (a plain URL, a Request): a one-shot
  // body can only be passed there.
  it.skipIf(!bodyInInit).each([
    ['a ReadableStream', streamOf],
    ['an async iterable', iterableOf],
  ] as const)('%s body in the init is sent once: the 401 is returned', async (_kind, make) => {
    const { provider, mock, calls } = acmeSetup(server);
    await provider.getToken();
    mock.server.revokeAccessTokens();
    const res = await withAuth(provider)(
      ...form(mock.protectedUrl, { method: 'POST', body: make('once') as unknown as BodyInit }),
    );
    expect(res.status).toBe(401);
    expect(calls.api).toBe(1);
  });
});

describe('authHooks: only the header it set is its own', () => {
  const base: Options = { retry: 0, throwHttpErrors: false };
  /** Ways a caller sets its own Authorization on a ky request, given the header and authHooks' hooks. */
  const sources: [name: string, send: (url: string, header: string, hooks: Hooks) => Promise<Response>][] = [
    ['the request options', (url, header, hooks) => ky(url, { ...base, hooks, headers: { authorization: header } })],
    [
      'the instance defaults',
      (url, header, hooks) => ky.create({ ...base, hooks, headers: { authorization: header } })(url),
    ],
    [
      'a Request input',
      (url, header, hooks) => ky(new Request(url, { headers: { authorization: header } }), { ...base, hooks }),
    ],
    [
      "a hook of the caller's that runs before authHooks'",
      (url, header, hooks) => {
        const setOwn = (request: Request) => request.headers.set('authorization', header);
        return ky(url, { ...base, hooks: { ...hooks, beforeRequest: [setOwn, ...(hooks.beforeRequest ?? [])] } });
      },
    ],
  ];

  it.each(sources)('a 401 to a header set through %s: no invalidation, no renewal, no replay', async (_name, send) => {
    const { provider, mock, calls } = acmeSetup(server);
    const seen = recordAuthorization(mock.protectedUrl);
    const hooks = authHooks(provider);
    // The hardest case: the hooks have just sent this very token, and the caller sends it again
    // on its own after it was revoked.
    expect((await ky(mock.protectedUrl, { ...base, hooks })).status).toBe(200);
    const own = headerValueOf(await provider.getToken());
    mock.server.revokeAccessTokens();
    expect((await send(mock.protectedUrl, own, hooks)).status).toBe(401);
    expect(seen).toEqual([own, own]);
    expect(headerValueOf(await provider.getToken())).toBe(own);
    expect({ api: calls.api, login: calls.login, refresh: calls.refresh }).toEqual({ api: 2, login: 1, refresh: 0 });
  });

  it('a 401 to the header it set: the token is invalidated and the request replayed once with the next', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const seen = recordAuthorization(mock.protectedUrl);
    const api = ky.create({ hooks: authHooks(provider), retry: 0 });
    const first = await provider.getToken();
    mock.server.revokeAccessTokens();
    expect(await api.put(mock.protectedUrl, { body: 'again' }).json()).toEqual({
      ok: true,
      method: 'PUT',
      echo: 'again',
    });
    const next = await provider.getToken();
    expect(next.value).not.toBe(first.value);
    expect(seen).toEqual([headerValueOf(first), headerValueOf(next)]);
    expect({ api: calls.api, apiRejected: calls.apiRejected, refresh: calls.refresh }).toEqual({
      api: 2,
      apiRejected: 1,
      refresh: 1,
    });
  });
});

/** Both bindings, as a GET of a URL. */
const bindings: [name: string, client: (provider: TokenProvider) => (url: string) => Promise<Response>][] = [
  ['withAuth', (provider) => (url) => withAuth(provider)(url)],
  [
    'authHooks (ky)',
    (provider) => {
      const api = ky.create({ hooks: authHooks(provider), retry: 0, throwHttpErrors: false });
      return (url) => api.get(url);
    },
  ],
];

describe.each(bindings)('%s after a rejection', (_name, client) => {
  it('a provider that hands out the same token again: the 401 is returned, not replayed', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const same = { access_token: 'the-same-token', expires_in: 3600, refresh_token: 'the-same-refresh' };
    server.use(
      http.post(`${mock.baseUrl}/oauth/token`, () => HttpResponse.json(same)),
      http.post(`${mock.baseUrl}/oauth/refresh`, () => HttpResponse.json(same)),
    );
    const seen = recordAuthorization(mock.protectedUrl);
    expect((await client(provider)(mock.protectedUrl)).status).toBe(401);
    expect(seen).toEqual(['Bearer the-same-token']);
    expect(calls.api).toBe(1);
  });

  it('a late 401 for an old token does not drop the newer one: the request is replayed with it, with no renewal of its own', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const slowUrl = `${mock.baseUrl}/api/slow`;
    // The first request to the slow endpoint is held until released; it is then judged by the
    // token it carries, as the protected endpoint judges any request.
    const { handler, seen, arrival, release } = holdFirstRequest(slowUrl, mock.server);
    server.use(handler);
    const send = client(provider);
    const old = await provider.getToken();
    const late = send(slowUrl);
    await arrival;
    mock.server.revokeAccessTokens();
    expect((await send(mock.protectedUrl)).status).toBe(200); // 401, renewal, replay
    const newer = await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });

    release();
    expect((await late).status).toBe(200);
    expect(seen).toEqual([headerValueOf(old), headerValueOf(newer)]);
    expect((await provider.getToken()).value).toBe(newer.value);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });
});

describe('the Authorization value of a token, and back', () => {
  it.each([
    [{ scheme: 'Bearer', value: 'eyJ.a.b' }, 'Bearer eyJ.a.b'],
    [{ scheme: 'JWT', value: 'abc' }, 'JWT abc'],
    [{ scheme: '', value: 'api-key-123' }, 'api-key-123'],
  ])('%o ↔ %s', (token, header) => {
    expect(headerValueOf(token)).toBe(header);
    expect(tokenOfHeader(header)).toMatchObject(token);
  });
});
