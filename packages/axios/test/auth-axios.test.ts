/**
 * `authAxios` gives axios users what `withAuth` gives fetch users, through real HTTP against the
 * loopback emulator, with axios's `http` and `fetch` adapters.
 */
import { Readable } from 'node:stream';
import { createMemoryStore, isAuthError, type TokenProvider } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { type Emulator, startEmulator } from '@authwire/testing';
import { unionService } from '@authwire/union-service';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authAxios } from '../src/index.js';
import { type LoopbackServer, startLoopbackServer } from './fixtures/loopback-server.js';

let emulator: Emulator;
let foreign: LoopbackServer;

beforeAll(async () => {
  foreign = await startLoopbackServer();
  emulator = await startEmulator({
    handlers: [
      // An allowed origin that sends the client elsewhere.
      http.get(
        /\/redirect-out$/,
        () => new HttpResponse(null, { status: 302, headers: { location: `${foreign.url}/x` } }),
      ),
    ],
  });
});
afterAll(async () => {
  await emulator.close();
  await foreign.close();
});
beforeEach(() => {
  foreign.seen.length = 0;
  for (const mock of [emulator.mastersIndia, emulator.unionService]) {
    mock.server.heal();
    mock.server.revokeAccessTokens();
    Object.assign(mock.server.calls, { login: 0, refresh: 0, api: 0, apiRejected: 0 });
  }
});

// Each provider its own cache: a token from an earlier test is not in it.
const masters = (overrides = {}) =>
  mastersIndia(emulator.mastersIndia.config(overrides), { store: createMemoryStore() });
const union = () => unionService(emulator.unionService.config(), { store: createMemoryStore() });

/** The status axios rejected with, or the error itself when it is not an AxiosError. */
async function statusOf(request: Promise<unknown>): Promise<number | unknown> {
  try {
    await request;
    return 'fulfilled';
  } catch (error) {
    return isAxiosError(error) ? error.response?.status : error;
  }
}

describe.each(['http', 'fetch'] as const)('authAxios with the %s adapter', (adapter) => {
  const client = (provider: TokenProvider, baseURL = emulator.url): [AxiosInstance, () => void] => {
    const instance = axios.create({ adapter, baseURL });
    return [instance, authAxios(instance, provider)];
  };

  it('sends the token to the provider origin, resolving baseURL + url as axios does', async () => {
    const [api] = client(masters());
    const relative = await api.get('/api/v1/sample/');
    expect(relative.data).toMatchObject({ ok: true });
    // An absolute url overrides a foreign baseURL.
    const [other] = client(masters(), foreign.url);
    expect((await other.get(emulator.mastersIndia.protectedUrl)).status).toBe(200);
    expect(emulator.mastersIndia.server.calls.apiRejected).toBe(0);
  });

  it('sends no token to another origin, including another loopback port', async () => {
    const [api] = client(masters());
    expect(await statusOf(api.get(`${foreign.url}/x`))).toBe(401);
    // allowAbsoluteUrls: false joins an absolute url to the (foreign) baseURL, as axios sends it.
    const [joined] = client(masters(), foreign.url);
    await statusOf(joined.get(emulator.mastersIndia.protectedUrl, { allowAbsoluteUrls: false }));
    expect(foreign.seen).toHaveLength(2);
    expect(foreign.seen.map((headers) => headers.authorization)).toEqual([undefined, undefined]);
    expect(emulator.mastersIndia.server.calls.login).toBe(0);
  });

  it("leaves a caller's own Authorization alone, and its 401 renews nothing", async () => {
    const [api] = client(union());
    const status = await statusOf(
      api.get(emulator.unionService.protectedUrl, { headers: { Authorization: 'Bearer my-own' } }),
    );
    expect(status).toBe(401);
    expect(emulator.unionService.server.calls).toMatchObject({ login: 0, refresh: 0, api: 1 });
  });

  it('renews once for 100 concurrent requests rejected for one revoked token, replaying each once with its body', async () => {
    const [api] = client(union());
    await api.get(emulator.unionService.protectedUrl);
    const { server } = emulator.unionService;
    server.revokeAccessTokens();
    Object.assign(server.calls, { login: 0, refresh: 0, api: 0, apiRejected: 0 });
    const bodies: [unknown, string | RegExp][] = [
      [{ amount: 5, note: 'json' }, '{"amount":5,"note":"json"}'],
      ['plain text', 'plain text'],
      [new URLSearchParams({ a: '1', b: 'two' }), 'a=1&b=two'],
      [formData(), /name="field"\r\n\r\nvalue/],
      [new Blob(['blob body'], { type: 'text/plain' }), 'blob body'],
      [new TextEncoder().encode('raw bytes'), 'raw bytes'],
    ];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const [body] = bodies[i % bodies.length] as [unknown, string | RegExp];
        return api.post(emulator.unionService.protectedUrl, fresh(body));
      }),
    );
    expect(server.calls.login + server.calls.refresh).toBe(1);
    expect(server.calls).toMatchObject({ api: 200, apiRejected: 100 });
    results.forEach((response, i) => {
      const [, expected] = bodies[i % bodies.length] as [unknown, string | RegExp];
      expect(response.status).toBe(200);
      if (typeof expected === 'string') expect(response.data.echo).toBe(expected);
      else expect(response.data.echo).toMatch(expected);
    });
  });

  it('replays at most once on a permanent 401', async () => {
    const [api] = client(union());
    emulator.unionService.server.fail('api', { type: 'status', status: 401 });
    expect(await statusOf(api.post(emulator.unionService.protectedUrl, { a: 1 }))).toBe(401);
    expect(emulator.unionService.server.calls.api).toBe(2);
    expect(emulator.unionService.server.calls.login + emulator.unionService.server.calls.refresh).toBe(2);
  });

  it('answers a rejected validateStatus-accepted response the same way (fulfilled path)', async () => {
    const [api] = client(union());
    await api.get(emulator.unionService.protectedUrl);
    emulator.unionService.server.revokeAccessTokens();
    const response = await api.get(emulator.unionService.protectedUrl, { validateStatus: () => true });
    expect(response.status).toBe(200);
    expect(emulator.unionService.server.calls.apiRejected).toBe(1);
  });

  it('never replays a one-shot body: the 401 goes to the caller and the next request gets a new token', async () => {
    const [api] = client(union());
    await api.get(emulator.unionService.protectedUrl);
    emulator.unionService.server.revokeAccessTokens();
    const { calls } = emulator.unionService.server;
    const body =
      adapter === 'http'
        ? Readable.from(['once ', 'only'])
        : new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('once only'));
              controller.close();
            },
          });
    expect(await statusOf(api.post(emulator.unionService.protectedUrl, body))).toBe(401);
    expect(calls).toMatchObject({ api: 2, apiRejected: 1, login: 1, refresh: 0 });
    expect((await api.get(emulator.unionService.protectedUrl)).status).toBe(200);
    expect(calls).toMatchObject({ api: 3, apiRejected: 1 });
    expect(calls.login + calls.refresh).toBe(2);
  });

  it("treats Masters India's 403 with an expired-signature body as a rejection", async () => {
    const [api] = client(masters());
    await api.get('/api/v1/sample/');
    emulator.mastersIndia.server.fail(
      'api',
      { type: 'status', status: 403, body: { detail: 'Signature has expired.' } },
      1,
    );
    const response = await api.get('/api/v1/sample/');
    expect(response.data).toMatchObject({ ok: true });
    expect(emulator.mastersIndia.server.calls.login + emulator.mastersIndia.server.calls.refresh).toBe(2);
  });

  it("does not treat union-service's 403 as a rejection", async () => {
    const [api] = client(union());
    await api.get(emulator.unionService.protectedUrl);
    emulator.unionService.server.fail('api', { type: 'status', status: 403, body: { title: 'Forbidden' } }, 1);
    expect(await statusOf(api.get(emulator.unionService.protectedUrl))).toBe(403);
    expect(emulator.unionService.server.calls).toMatchObject({ api: 2, login: 1, refresh: 0 });
  });

  it('surfaces a token failure as the AuthError itself', async () => {
    const [api] = client(masters({ password: 'wrong' }));
    const error = await statusOf(api.get('/api/v1/sample/'));
    expect(isAuthError(error)).toBe(true);
    expect(isAxiosError(error)).toBe(false);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(emulator.mastersIndia.server.calls.api).toBe(0);
  });

  it('eject() removes both interceptors', async () => {
    const [api, eject] = client(union());
    eject();
    expect(await statusOf(api.get(emulator.unionService.protectedUrl))).toBe(401);
    expect(emulator.unionService.server.calls).toMatchObject({ login: 0, refresh: 0, api: 1, apiRejected: 1 });
  });
});

describe('authAxios and redirects (axios follows them)', () => {
  it.each(['http', 'fetch'] as const)(
    '%s adapter: sends no token to a foreign origin a redirect leads to, and its 401 renews nothing',
    async (adapter) => {
      const api = axios.create({ adapter, baseURL: emulator.url });
      authAxios(api, union());
      expect(await statusOf(api.get('/redirect-out'))).toBe(401);
      expect(foreign.seen.map((headers) => headers.authorization)).toEqual([undefined]);
      expect(emulator.unionService.server.calls).toMatchObject({ login: 1, refresh: 0 });
    },
  );

  it('http adapter: removes a header follow-redirects keeps (api_key) on a redirect to a foreign origin', async () => {
    const api = axios.create({ adapter: 'http', baseURL: emulator.url });
    authAxios(api, apiKeyProvider(emulator.url));
    expect(await statusOf(api.get('/redirect-out'))).toBe(401);
    expect(foreign.seen).toHaveLength(1);
    expect(foreign.seen[0]?.api_key).toBeUndefined();
  });
});

/** A key that never changes, in an `api_key` header (Masters India's e-way bill scheme). */
function apiKeyProvider(origin: string): TokenProvider {
  const key = { value: 'k-1', scheme: '', expiresAt: Number.POSITIVE_INFINITY };
  return {
    name: 'api-key',
    origins: [origin],
    headerName: 'api_key',
    getToken: async () => key,
    getAuthorizationHeader: async () => key.value,
    invalidate: async () => undefined,
    isTokenRejected: (response) => response.status === 401,
  };
}

function formData(): FormData {
  const form = new FormData();
  form.set('field', 'value');
  return form;
}

/** A body of the same content, not shared between requests. */
function fresh(body: unknown): unknown {
  if (body instanceof FormData) return formData();
  if (body instanceof URLSearchParams) return new URLSearchParams(body);
  if (body instanceof Uint8Array) return body.slice();
  return body;
}
