import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, expectFailed, runCli, SECRET } from './run-cli.js';

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ password: SECRET });
  dir = await mkdtemp(join(tmpdir(), 'authwire-cli-'));
});

afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

afterAll(assertNoSecretLeaked);

const envFor = (provider: 'masters-india' | 'union-service'): Record<string, string> => ({
  AUTHWIRE_PROVIDER: provider,
  AUTHWIRE_BASE_URL: emulator.url,
  AUTHWIRE_USERNAME: mockOf(provider).server.username,
  AUTHWIRE_PASSWORD: SECRET,
});

const mockOf = (provider: 'masters-india' | 'union-service') =>
  provider === 'masters-india' ? emulator.mastersIndia : emulator.unionService;

/** Whether the emulator's protected endpoint accepts `header`. */
async function accepted(provider: 'masters-india' | 'union-service', header: string): Promise<boolean> {
  const res = await fetch(mockOf(provider).protectedUrl, { headers: { Authorization: header } });
  return res.status === 200;
}

describe.each([
  ['masters-india', 'JWT'],
  ['union-service', 'Bearer'],
] as const)('%s', (provider, scheme) => {
  it('token: prints the token, one line, from the environment', async () => {
    const { code, stdout, stderr } = await runCli(['token'], envFor(provider));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^eyJ[\w.-]+\n$/);
    expect(await accepted(provider, `${scheme} ${stdout.trim()}`)).toBe(true);
  });

  it('token --json: provider, scheme, ISO expiresAt, token', async () => {
    const { code, stdout } = await runCli(['token', '--json'], envFor(provider));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(out)).toEqual(['provider', 'scheme', 'expiresAt', 'token']);
    expect(out).toMatchObject({ provider, scheme });
    expect(out.expiresAt).toBe(new Date(out.expiresAt ?? '').toISOString());
    expect(Date.parse(out.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(await accepted(provider, `${scheme} ${out.token}`)).toBe(true);
  });

  it('header: prints the Authorization value', async () => {
    const { code, stdout } = await runCli(['header'], envFor(provider));
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${scheme} eyJ[\\w.-]+\\n$`));
    expect(await accepted(provider, stdout.trim())).toBe(true);
  });

  it('header --json: provider and header', async () => {
    const { code, stdout } = await runCli(['header', '--json'], envFor(provider));
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(out)).toEqual(['provider', 'header']);
    expect(out.provider).toBe(provider);
    expect(await accepted(provider, out.header ?? '')).toBe(true);
  });

  it('reads a --config file', async () => {
    const file = join(dir, `${provider}.json`);
    await writeFile(file, JSON.stringify({ provider, ...mockOf(provider).config() }));
    const { code, stdout, stderr } = await runCli(['header', '--config', file]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(await accepted(provider, stdout.trim())).toBe(true);
  });

  it('bad credentials: INVALID_CREDENTIALS, one line, exit 1', async () => {
    const result = await runCli(['token'], { ...envFor(provider), AUTHWIRE_PASSWORD: `${SECRET}-x` });
    expect(result.stdout).toBe('');
    expectFailed(result, 'INVALID_CREDENTIALS');
  });
});

describe('config sources', () => {
  it('env wins over the file, flags win over env', async () => {
    const file = join(dir, 'mixed.json');
    await writeFile(file, JSON.stringify({ provider: 'masters-india', baseUrl: 'https://example.invalid' }));
    const env = { ...envFor('masters-india'), AUTHWIRE_USERNAME: 'someone-else@example.com' };
    delete (env as Record<string, string | undefined>).AUTHWIRE_PROVIDER;

    // provider from the file, baseUrl from env, username from the flag
    const fromFlags = await runCli(
      ['header', '--config', file, '--username', emulator.mastersIndia.server.username],
      env,
    );
    expect(fromFlags.code).toBe(0);
    expect(fromFlags.stdout).toMatch(/^JWT /);

    // the flag overrides the provider of the file and the env
    const switched = await runCli(
      ['header', '--config', file, '--provider', 'union-service', '--username', emulator.unionService.server.username],
      { ...env, AUTHWIRE_PROVIDER: 'masters-india' },
    );
    expect(switched.code).toBe(0);
    expect(switched.stdout).toMatch(/^Bearer /);

    // without the flag, the env's wrong username is used
    expectFailed(await runCli(['header', '--config', file], env), 'INVALID_CREDENTIALS');
  });

  it('--base-url and --set override env; a --set value starting with { is JSON', async () => {
    const env = { ...envFor('masters-india'), AUTHWIRE_BASE_URL: 'https://example.invalid' };
    const { code, stdout } = await runCli(
      [
        'check-config',
        '--json',
        '--base-url',
        emulator.url,
        '--set',
        'apiVersion=v2',
        '--set',
        'headers={"Productid":"x"}',
      ],
      env,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      origins: [emulator.url],
      config: { baseUrl: emulator.url, apiVersion: 'v2', headers: { Productid: 'x' } },
    });
  });

  it('invalid config: CONFIG_INVALID naming every bad field, never the password', async () => {
    const result = await runCli(['token'], {
      AUTHWIRE_PROVIDER: 'union-service',
      AUTHWIRE_BASE_URL: 'ftp://example.com',
      AUTHWIRE_PASSWORD: SECRET,
      AUTHWIRE_API_VERZION: '2',
    });
    expect(result.stdout).toBe('');
    expectFailed(result, 'CONFIG_INVALID', [
      'baseUrl',
      'username',
      'apiVerzion',
      'AUTHWIRE_API_VERZION is not a setting of union-service: did you mean AUTHWIRE_API_VERSION?',
    ]);
  });

  it('unknown provider: CONFIG_INVALID listing the known ones', async () => {
    const result = await runCli(['token', '--provider', 'acme'], { AUTHWIRE_PASSWORD: SECRET });
    expectFailed(result, 'CONFIG_INVALID', ['masters-india, union-service']);
  });

  it('a config file that is not JSON: CONFIG_INVALID, without quoting the file', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, `{"provider": "union-service", "password": "${SECRET}",`);
    expectFailed(await runCli(['token', '--config', file]), 'CONFIG_INVALID', ['not valid JSON']);
  });

  it('a missing config file: CONFIG_INVALID', async () => {
    expectFailed(await runCli(['token', '--config', join(dir, 'nope.json')]), 'CONFIG_INVALID', ['ENOENT']);
  });

  it('provider unreachable: PROVIDER_UNAVAILABLE, exit 1', async () => {
    const result = await runCli(['token'], { ...envFor('union-service'), AUTHWIRE_BASE_URL: 'http://127.0.0.1:9' });
    expectFailed(result, 'PROVIDER_UNAVAILABLE');
  });
});

describe('check-config', () => {
  it('prints provider, origins and the config with the password masked', async () => {
    const { code, stdout, stderr } = await runCli(['check-config'], envFor('union-service'));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('provider: union-service');
    expect(stdout).toContain(`origins:  ${emulator.url}`);
    expect(stdout).toContain('"password":"***"');
  });

  it('--json, from a file', async () => {
    const file = join(dir, 'check.json');
    await writeFile(file, JSON.stringify({ provider: 'masters-india', ...emulator.mastersIndia.config() }));
    const { code, stdout } = await runCli(['check-config', '--json', '--config', file]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      provider: 'masters-india',
      origins: [emulator.url],
      config: { provider: 'masters-india', ...emulator.mastersIndia.config(), password: '***' },
    });
  });

  it('exits 1 for an invalid config', async () => {
    const result = await runCli(['check-config', '--json'], {
      AUTHWIRE_PROVIDER: 'masters-india',
      AUTHWIRE_PASSWORD: SECRET,
      AUTHWIRE_ENVIRONMENT: 'staging',
    });
    expect(result.stdout).toBe('');
    expectFailed(result, 'CONFIG_INVALID', ['username', 'environment']);
  });
});
