/**
 * The request path of `authAxios`, through real HTTP against the loopback emulator: a caller's own
 * credential in any spelling (per request or in the instance's defaults) is left alone, a header
 * axios does not send (`null`, `undefined`) is not one; a fresh token is read at once (no
 * `getToken`), a provider of the application's own (no synchronous read) is awaited; a success is
 * never a rejection.
 */
import { type AccessToken, createMemoryStore, headerValueOf, type TokenProvider } from '@authwire/core';
import { type Emulator, startEmulator } from '@authwire/testing';
import { unionService } from '@authwire/union-service';
import axios, { isAxiosError } from 'axios';
import { http } from 'msw';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authAxios } from '../src/index.js';

let emulator: Emulator;
/** The Authorization of every request the protected endpoint received. */
const seen: (string | null)[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    handlers: [
      http.all(/./, ({ request }) => {
        if (request.url === emulator.unionService.protectedUrl) seen.push(request.headers.get('authorization'));
      }),
    ],
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  seen.length = 0;
  const { server } = emulator.unionService;
  server.heal();
  server.revokeAccessTokens();
  Object.assign(server.calls, { login: 0, refresh: 0, api: 0, apiRejected: 0 });
});

const union = () => unionService(emulator.unionService.config(), { store: createMemoryStore() });

/** `provider` with its `getToken` calls counted; with `own`, as an application's own object (no synchronous read). */
function counting(provider: TokenProvider, own: boolean): TokenProvider & { calls: number } {
  const getToken = (options?: Parameters<TokenProvider['getToken']>[0]) => {
    counted.calls += 1;
    return provider.getToken(options);
  };
  const counted = own
    ? {
        calls: 0,
        name: provider.name,
        origins: provider.origins,
        headerName: provider.headerName,
        getToken,
        getAuthorizationHeader: (options?: Parameters<TokenProvider['getToken']>[0]) =>
          provider.getAuthorizationHeader(options),
        invalidate: (rejected?: AccessToken) => provider.invalidate(rejected),
        isTokenRejected: (response: Response) => provider.isTokenRejected(response),
      }
    : Object.assign(Object.create(provider) as TokenProvider, { calls: 0, getToken });
  return counted;
}

/** The status axios answered or rejected with. */
async function statusOf(request: Promise<{ status: number }>): Promise<number | undefined> {
  try {
    return (await request).status;
  } catch (error) {
    if (isAxiosError(error)) return error.response?.status;
    throw error;
  }
}

describe.each(['http', 'fetch'] as const)('authAxios with the %s adapter', (adapter) => {
  it.each(['authorization', 'Authorization', 'AUTHORIZATION'])(
    "a caller's own %s, per request or in the instance defaults: sent as it is, its 401 renews nothing",
    async (name) => {
      const perRequest = axios.create({ adapter });
      authAxios(perRequest, union());
      const byDefault = axios.create({ adapter, headers: { [name]: 'Bearer by-default' } });
      authAxios(byDefault, union());
      const url = emulator.unionService.protectedUrl;
      expect(await statusOf(perRequest.get(url, { headers: { [name]: 'Bearer my-own' } }))).toBe(401);
      expect(await statusOf(byDefault.get(url))).toBe(401);
      expect(seen).toEqual(['Bearer my-own', 'Bearer by-default']);
      expect(emulator.unionService.server.calls).toMatchObject({ login: 0, refresh: 0, api: 2 });
    },
  );

  it.each([null, undefined])(
    'a header set to %s (axios sends none) is not a credential: the token is sent',
    async (value) => {
      const api = axios.create({ adapter });
      const provider = union();
      authAxios(api, provider);
      const response = await api.get(emulator.unionService.protectedUrl, {
        // Outside axios's types, as plain JavaScript callers write it.
        headers: { Authorization: value as unknown as string },
      });
      expect(response.status).toBe(200);
      expect(seen).toEqual([headerValueOf(await provider.getToken())]);
    },
  );

  it('a fresh token is read at once: no getToken call', async () => {
    const provider = union();
    await provider.getToken();
    const wrapped = counting(provider, false);
    const api = axios.create({ adapter });
    authAxios(api, wrapped);
    expect((await api.get(emulator.unionService.protectedUrl)).status).toBe(200);
    expect((await api.get(emulator.unionService.protectedUrl)).status).toBe(200);
    expect(wrapped.calls).toBe(0);
  });

  it("a provider of the application's own (no synchronous read): the token sent, a rejection replayed once", async () => {
    const provider = union();
    const own = counting(provider, true);
    const api = axios.create({ adapter });
    authAxios(api, own);
    const url = emulator.unionService.protectedUrl;
    expect((await api.get(url)).status).toBe(200);
    const first = await provider.getToken();
    emulator.unionService.server.revokeAccessTokens();
    expect((await api.get(url)).status).toBe(200);
    const next = await provider.getToken();
    expect(seen).toEqual([first, first, next].map((token) => headerValueOf(token)));
    expect(own.calls).toBe(3);
    expect(emulator.unionService.server.calls).toMatchObject({ api: 3, apiRejected: 1 });
  });

  it('a success is never a rejection, even in retryStatuses', async () => {
    const api = axios.create({ adapter });
    authAxios(api, union(), { retryStatuses: [200, 401] });
    expect((await api.get(emulator.unionService.protectedUrl)).status).toBe(200);
    expect(emulator.unionService.server.calls).toMatchObject({ login: 1, refresh: 0, api: 1 });
  });
});
