import { type Emulator, startEmulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, expectFailed, runCli, SECRET } from './run-cli.js';

/** The emulator's servers run this far ahead of our clock. */
const OFFSET_MS = 120_000;

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({
    password: SECRET,
    clockOffsetMs: OFFSET_MS,
    accessLifetimeMs: 600_000,
    refreshLifetimeMs: 7_200_000,
  });
});

afterAll(async () => {
  await emulator?.close();
});

afterAll(assertNoSecretLeaked);

const unionEnv = (): Record<string, string> => ({
  AUTHWIRE_PROVIDER: 'union-service',
  AUTHWIRE_BASE_URL: emulator.url,
  AUTHWIRE_USERNAME: emulator.unionService.server.username,
  AUTHWIRE_PASSWORD: SECRET,
});

interface Live {
  tokenLifetimeSeconds: number | null;
  expiresAt: string | null;
  refreshToken: boolean;
  refreshLifetimeSeconds: number | null;
  clockOffsetSeconds: number | null;
  loginMs: number | null;
  header: string;
  origins: string[];
}

describe('check-config --live', () => {
  it('--json: one login; token and refresh lifetimes, the clock offset from Date, the origins; no token, no password', async () => {
    const before = emulator.unionService.server.calls.login;
    const { code, stdout, stderr } = await runCli(['check-config', '--live', '--json'], unionEnv());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(emulator.unionService.server.calls.login - before).toBe(1);
    const out = JSON.parse(stdout) as { live: Live; config: Record<string, unknown> };
    expect(out.config.password).toBe('***');
    const { live } = out;
    expect(Object.keys(live).sort()).toEqual(
      [
        'clockOffsetSeconds',
        'expiresAt',
        'header',
        'loginMs',
        'origins',
        'refreshLifetimeSeconds',
        'refreshToken',
        'tokenLifetimeSeconds',
      ].sort(),
    );
    expect(live.tokenLifetimeSeconds).toBeGreaterThan(590);
    expect(live.tokenLifetimeSeconds).toBeLessThanOrEqual(600);
    expect(live.refreshToken).toBe(true);
    expect(live.refreshLifetimeSeconds).toBeGreaterThan(7190);
    expect(live.refreshLifetimeSeconds).toBeLessThanOrEqual(7200);
    // Date has whole seconds: ±2 s around the emulator's offset.
    expect(Math.abs((live.clockOffsetSeconds ?? 0) - OFFSET_MS / 1000)).toBeLessThanOrEqual(2);
    expect(live.loginMs).toEqual(expect.any(Number));
    expect(live).toMatchObject({ header: 'authorization', origins: [emulator.url] });
    expect(stdout).not.toMatch(/eyJ/);
  });

  it('text: the same facts, one line each', async () => {
    const { code, stdout } = await runCli(['check-config', '--live'], unionEnv());
    expect(code).toBe(0);
    expect(stdout).toContain('config is valid\n');
    expect(stdout).toMatch(/^login: +ok, \d+ ms$/m);
    expect(stdout).toMatch(/^token lifetime: (59\d|600) s \(expires \d{4}-[\d-]+T[\d:.]+Z\)$/m);
    expect(stdout).toMatch(/^refresh token: +present, lifetime (719\d|7200) s$/m);
    expect(stdout).toMatch(/^clock offset: +\+1(19|20|21|22) s \(the server's clock minus this machine's/m);
    expect(stdout).toContain(`sent to:        ${emulator.url} (header authorization), and nowhere else`);
    expect(stdout).not.toMatch(/eyJ/);
  });

  it('logs in afresh even with a cached token, and writes no cache', async () => {
    const before = emulator.unionService.server.calls.login;
    await runCli(['check-config', '--live'], unionEnv());
    await runCli(['check-config', '--live'], unionEnv());
    expect(emulator.unionService.server.calls.login - before).toBe(2);
  });

  it('oauth2 client credentials: no refresh token', async () => {
    const { code, stdout } = await runCli(['check-config', '--live', '--json'], {
      AUTHWIRE_PROVIDER: 'oauth2',
      AUTHWIRE_ISSUER: emulator.oauth2.issuer,
      AUTHWIRE_CLIENT_ID: emulator.oauth2.server.username,
      AUTHWIRE_CLIENT_SECRET: SECRET,
      AUTHWIRE_ORIGINS: emulator.url,
    });
    expect(code).toBe(0);
    const { live } = JSON.parse(stdout) as { live: Live };
    expect(live).toMatchObject({ refreshToken: false, refreshLifetimeSeconds: null, header: 'authorization' });
    expect(Math.abs((live.clockOffsetSeconds ?? 0) - OFFSET_MS / 1000)).toBeLessThanOrEqual(2);
  });

  it('a static key: no login, never expires', async () => {
    const { code, stdout } = await runCli(['check-config', '--live', '--json'], {
      AUTHWIRE_PROVIDER: 'static-key',
      AUTHWIRE_VALUE: SECRET,
      AUTHWIRE_ORIGINS: 'https://api.example.com',
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).live).toEqual({
      tokenLifetimeSeconds: null,
      expiresAt: null,
      refreshToken: false,
      refreshLifetimeSeconds: null,
      clockOffsetSeconds: null,
      loginMs: null,
      header: 'authorization',
      origins: ['https://api.example.com'],
    });
  });

  it('a failed login: exit 1, one line', async () => {
    const result = await runCli(['check-config', '--live'], { ...unionEnv(), AUTHWIRE_PASSWORD: `${SECRET}-x` });
    expectFailed(result, 'INVALID_CREDENTIALS');
    expect(result.stdout).toBe('');
  });
});
