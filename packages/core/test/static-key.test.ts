import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuthError,
  type AuthEvent,
  authHooks,
  authMiddleware,
  configFromEnv,
  createProvider,
  isAuthError,
  type StaticKeyConfig,
  StaticKeyConfigSchema,
  staticKey,
  withAuth,
} from '../src/index.js';

const KEY = 'sk_live_Zq8-never-in-a-message-41';

/** A loopback API that records the headers it got and answers 401 unless `x-api-key` is the key. */
interface Api {
  server: Server;
  origin: string;
  seen: IncomingHttpHeaders[];
}

async function startApi(header = 'x-api-key'): Promise<Api> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    const given = request.headers[header];
    const ok = given === KEY || given === `Key ${KEY}`;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

let api: Api;
let foreign: Api;
beforeAll(async () => {
  [api, foreign] = await Promise.all([startApi(), startApi()]);
});
afterAll(async () => {
  await Promise.all([api, foreign].map(({ server }) => new Promise((resolve) => server.close(resolve))));
});
beforeEach(() => {
  api.seen.length = 0;
  foreign.seen.length = 0;
});

function caught(run: () => unknown): AuthError {
  try {
    run();
  } catch (error) {
    if (isAuthError(error)) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
}

const config = (overrides: Partial<StaticKeyConfig> = {}): StaticKeyConfig => ({
  value: KEY,
  header: 'x-api-key',
  origins: [api.origin],
  ...overrides,
});

describe('staticKey', () => {
  it('is a provider of a key that never expires: no scheme, header authorization by default', async () => {
    const provider = staticKey({ value: KEY, origins: ['https://api.example.com/'] });
    expect(provider.name).toBe('static-key');
    expect(provider.headerName).toBe('authorization');
    expect(provider.origins).toEqual(['https://api.example.com']);
    expect(await provider.getAuthorizationHeader()).toBe(KEY);
    const token = await provider.getToken({ forceRefresh: true });
    expect(token).toMatchObject({ value: KEY, scheme: '' });
    expect(token.expiresAt).toBeGreaterThan(Date.parse('9999-01-01'));
    await provider.invalidate(token);
    expect(await provider.getAuthorizationHeader()).toBe(KEY);
  });

  it('sends the key in its header, with its scheme, to its origins only (withAuth)', async () => {
    const events: AuthEvent[] = [];
    const provider = staticKey(config({ scheme: 'Key', name: 'acme-key' }), { onEvent: (event) => events.push(event) });
    expect(await provider.getAuthorizationHeader()).toBe(`Key ${KEY}`);
    const fetchWithKey = withAuth(provider);
    expect((await fetchWithKey(`${api.origin}/orders`)).status).toBe(200);
    expect((await fetchWithKey(`${foreign.origin}/orders`)).status).toBe(401);
    expect(api.seen.map((headers) => headers['x-api-key'])).toEqual([`Key ${KEY}`]);
    expect(foreign.seen.map((headers) => headers['x-api-key'])).toEqual([undefined]);
    expect(events).toEqual([{ type: 'token-withheld', provider: 'acme-key', origin: foreign.origin }]);
  });

  it('leaves a caller’s own key alone', async () => {
    const fetchWithKey = withAuth(staticKey(config()));
    expect((await fetchWithKey(`${api.origin}/orders`, { headers: { 'X-Api-Key': 'mine' } })).status).toBe(401);
    expect(api.seen.map((headers) => headers['x-api-key'])).toEqual(['mine']);
  });

  it('a rejected key is returned as it is: no renewal, no replay (withAuth, ky, openapi-fetch)', async () => {
    const provider = staticKey(config({ value: 'revoked-key-0000' }));
    expect(await provider.isTokenRejected(new Response(null, { status: 401 }))).toBe(false);
    expect((await withAuth(provider)(`${api.origin}/a`, { method: 'POST', body: '{}' })).status).toBe(401);
    const viaKy = ky.create({ hooks: authHooks(provider), throwHttpErrors: false, retry: 0 });
    expect((await viaKy.post(`${api.origin}/b`, { json: {} })).status).toBe(401);
    const client = createClient<Record<string, never>>({ baseUrl: api.origin });
    client.use(authMiddleware(provider));
    const { response } = await (client.GET as unknown as (path: string) => Promise<{ response: Response }>)('/c');
    expect(response.status).toBe(401);
    expect(api.seen).toHaveLength(3);
    expect(api.seen.every((headers) => headers['x-api-key'] === 'revoked-key-0000')).toBe(true);
  });

  it('works with ky and openapi-fetch like any provider', async () => {
    const provider = staticKey(config());
    const viaKy = ky.create({ hooks: authHooks(provider) });
    expect(await viaKy.get(`${api.origin}/orders`).json()).toEqual({ ok: true });
    const client = createClient<Record<string, never>>({ baseUrl: api.origin });
    client.use(authMiddleware(provider));
    const { response } = await (client.GET as unknown as (path: string) => Promise<{ response: Response }>)('/x');
    expect(response.status).toBe(200);
    expect(api.seen.map((headers) => headers['x-api-key'])).toEqual([KEY, KEY]);
  });

  it('an aborted signal rejects with ABORTED', async () => {
    const provider = staticKey(config());
    const error = await provider.getToken({ signal: AbortSignal.abort() }).catch((caughtError: unknown) => caughtError);
    expect(isAuthError(error) && error.code).toBe('ABORTED');
  });

  it('never shows the key: util.inspect, JSON, errors of a bad config', () => {
    const provider = staticKey(config());
    expect(inspect(provider, { depth: 5, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(provider)).not.toContain(KEY);
    const bad = [
      caught(() => staticKey({ value: `${KEY}\r\nx: y`, origins: [api.origin] })),
      caught(() => staticKey({ value: KEY, origins: [] })),
      caught(() => staticKey({ value: KEY, origins: ['https://api.example.com/v1'], header: 'bad header' })),
      caught(() => staticKey({ value: KEY, origins: [api.origin], [KEY]: 1 } as unknown as StaticKeyConfig)),
    ];
    for (const error of bad) {
      expect(error.code).toBe('CONFIG_INVALID');
      expect([error.message, error.stack, inspect(error), JSON.stringify(error)].join('\n')).not.toContain(KEY);
    }
  });

  it('CONFIG_INVALID names each bad field', () => {
    const message = (input: unknown) => caught(() => staticKey(input as StaticKeyConfig)).message;
    expect(message({ origins: [api.origin] })).toMatch(/^static-key: invalid config: value\n/);
    expect(message({ value: KEY })).toMatch(/^static-key: invalid config: origins\n/);
    expect(message({ value: KEY, origins: [] })).toContain('must name at least one origin');
    expect(message({ value: KEY, origins: ['http://api.example.com'] })).toContain('origins.0');
    expect(message({ value: KEY, origins: ['https://api.example.com/v1'] })).toContain('no path');
    expect(message({ value: KEY, origins: [api.origin], header: 'x y' })).toContain('header');
    expect(message({ value: KEY, origins: [api.origin], scheme: 'Two words' })).toContain('scheme');
    expect(message({ value: '', origins: [api.origin] })).toContain('value');
  });

  it('is picked by createProvider, from JSON or the environment (origins as a comma list or JSON array)', async () => {
    const fromJson = createProvider(
      { provider: 'static-key', value: KEY, header: 'x-api-key', origins: [api.origin] },
      { providers: [staticKey] },
    );
    expect(fromJson.headerName).toBe('x-api-key');
    const env = {
      AUTHWIRE_PROVIDER: 'static-key',
      AUTHWIRE_VALUE: KEY,
      AUTHWIRE_HEADER: 'X-Api-Key',
      AUTHWIRE_ORIGINS: ` ${api.origin} , https://files.example.com,`,
    };
    const fromEnv = createProvider(configFromEnv(env), { providers: [staticKey] });
    expect(fromEnv.origins).toEqual([api.origin, 'https://files.example.com']);
    expect((await withAuth(fromEnv)(`${api.origin}/orders`)).status).toBe(200);
    const fromJsonArray = configFromEnv({ ...env, AUTHWIRE_ORIGINS: `["${api.origin}"]` });
    expect(createProvider(fromJsonArray, { providers: [staticKey] }).origins).toEqual([api.origin]);
    expect(staticKey.providerName).toBe('static-key');
    expect(staticKey.secretFields).toEqual(['value']);
    expect(staticKey.configSchema).toBe(StaticKeyConfigSchema);
  });
});
