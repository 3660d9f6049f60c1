import { createMemoryStore, createProvider, isAuthError, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const build = (mock: Emulator['mastersIndia']) =>
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
