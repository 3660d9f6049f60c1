import { createMemoryStore, createProvider, isAuthError, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorLogEntry, type ProviderMock, startEmulator } from '../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const build = (mock: ProviderMock) =>
  createProvider(
    { provider: mock.name, ...mock.config() },
    { providers: [mastersIndia, unionService], store: createMemoryStore(), retry: { limit: 0 } },
  );

describe('startEmulator', () => {
  it('listens on a loopback port', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.port).toBeGreaterThan(0);
  });

  it.each(['mastersIndia', 'unionService'] as const)(
    'serves %s over real HTTP, the same behaviour as the handlers',
    async (which) => {
      const mock = emulator[which];
      const before = { ...mock.server.calls };
      const provider = build(mock);
      const api = withAuth(provider);
      const results = await Promise.all(Array.from({ length: 20 }, () => api(mock.protectedUrl)));
      expect(results.map((res) => res.status)).toEqual(Array(20).fill(200));
      expect(mock.server.calls.login - before.login).toBe(1);
      expect(emulator.log.some((entry) => entry.status === 200 && entry.path.includes('sample'))).toBe(true);
    },
  );

  it('injects faults: a reset connection, an HTML 502, a 206', async () => {
    const mock = emulator.mastersIndia;
    mock.server.fail('login', { type: 'network' }, 1);
    await expect(build(mock).getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    mock.server.fail('login', { type: 'html', status: 502 }, 1);
    await expect(build(mock).getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: 502 });
    const wrong = createProvider(
      { provider: 'masters-india', ...mock.config({ password: 'wrong' }) },
      { providers: [mastersIndia], store: createMemoryStore() },
    );
    const error = await wrong.getToken().catch((e: unknown) => e);
    expect(isAuthError(error) && error.code).toBe('INVALID_CREDENTIALS');
    expect(emulator.log.some((entry) => entry.status === 206)).toBe(true);
  });

  it('answers unknown paths with 404 and keeps the Date header of the provider clock', async () => {
    const res = await fetch(`${emulator.url}/nope`);
    expect(res.status).toBe(404);
    const token = await fetch(`${emulator.url}/api/v1/token-auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: emulator.mastersIndia.server.username,
        password: emulator.mastersIndia.server.password,
      }),
    });
    expect(token.status).toBe(200);
    expect(Math.abs(Date.parse(token.headers.get('date') ?? '') - Date.now())).toBeLessThan(2000);
  });

  it('closes', async () => {
    const other = await startEmulator({ port: 0 });
    await other.close();
    await expect(fetch(`${other.url}/nope`)).rejects.toThrow();
  });
});

describe('startEmulator: hooks, handlers of your own, CORS', () => {
  const started: Emulator[] = [];
  afterAll(async () => {
    await Promise.all(started.map((running) => running.close()));
  });
  const start = async (options: Parameters<typeof startEmulator>[0]) => {
    const running = await startEmulator(options);
    started.push(running);
    return running;
  };

  it('calls onRequest with each request answered (headers without authorization), as log records it', async () => {
    const seen: EmulatorLogEntry[] = [];
    const running = await start({ onRequest: (entry) => seen.push(entry) });
    const provider = unionService(running.unionService.config(), { store: createMemoryStore() });
    const header = await provider.getAuthorizationHeader();
    const res = await fetch(`${running.unionService.protectedUrl}?page=2`, {
      headers: { authorization: header, 'x-request-id': 'r-1' },
    });
    expect(res.status).toBe(200);
    expect(seen).toEqual(running.log);
    expect(seen.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'POST /union-service/auth/token?api-version=1.0 200',
      'GET /union-service/api/sample?page=2 200',
    ]);
    const [, sample] = seen;
    expect(sample?.url).toBe(`${running.unionService.protectedUrl}?page=2`);
    expect(sample?.headers['x-request-id']).toBe('r-1');
    expect(sample?.headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(seen)).not.toContain(header.slice('Bearer '.length));
  });

  it('serves handlers of your own first, matching the path on its origin', async () => {
    const running = await start({
      handlers: [
        http.get(/\/api\/orders$/, () => HttpResponse.json([{ id: 1 }])),
        http.all('*/api/v1/sample/', () => HttpResponse.json({ replaced: true })),
      ],
    });
    expect(await (await fetch(`${running.url}/api/orders`)).json()).toEqual([{ id: 1 }]);
    expect(await (await fetch(`${running.mastersIndia.protectedUrl}`)).json()).toEqual({ replaced: true });
    expect((await fetch(`${running.url}/union-service/api/sample`)).status).toBe(401);
  });

  it('without cors: no CORS headers, and a preflight is not answered as one', async () => {
    const running = await start({});
    const res = await fetch(running.unionService.protectedUrl, { headers: { origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(running.unionService.protectedUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with cors: answers the preflight of another loopback origin, then its call with a token', async () => {
    const running = await start({ cors: true });
    const origin = 'http://localhost:5173';
    const preflight = await fetch(running.unionService.protectedUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'Authorization, Content-Type, X-Request-Id',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-request-id']),
    );

    const provider = unionService(running.unionService.config(), { store: createMemoryStore() });
    const res = await fetch(running.unionService.protectedUrl, {
      method: 'POST',
      headers: { origin, authorization: await provider.getAuthorizationHeader(), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
    const token = await fetch(running.unionService.tokenUrl, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:3000', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo@example.com', password: 'demo-password' }),
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(token.headers.get('access-control-expose-headers')).toContain('date');
  });

  it('with cors: other origins get no CORS headers, and their preflight a 403', async () => {
    const running = await start({ cors: true });
    const origin = 'https://elsewhere.example';
    const preflight = await fetch(running.unionService.protectedUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(running.unionService.protectedUrl, { headers: { origin } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
