import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, runCli, SECRET } from './run-cli.js';

/** The Masters India api key of the emulator: printed by `header` on purpose, so not {@link SECRET}. */
const API_KEY = 'mi-key-7f3a9c';

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  // SECRET is also the OAuth2 realm's client secret.
  emulator = await startEmulator({ password: SECRET, mastersIndia: { apiKey: API_KEY } });
  dir = await mkdtemp(join(tmpdir(), 'authwire-cli-providers-'));
});

afterAll(async () => {
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

afterAll(assertNoSecretLeaked);

const oauth2Env = (): Record<string, string> => ({
  AUTHWIRE_PROVIDER: 'oauth2',
  AUTHWIRE_TOKEN_URL: emulator.oauth2.tokenUrl,
  AUTHWIRE_CLIENT_ID: emulator.oauth2.server.username,
  AUTHWIRE_CLIENT_SECRET: SECRET,
  AUTHWIRE_ORIGINS: `${emulator.url}, https://other.example.com`,
});

const einvoice = () => `${emulator.url}/api/v1/get-einvoice/`;

describe('oauth2', () => {
  it('token: a client-credentials token from AUTHWIRE_* (AUTHWIRE_ORIGINS as a comma list) that the API accepts', async () => {
    const { code, stdout, stderr } = await runCli(['token'], oauth2Env());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^eyJ[\w.-]+\n$/);
    expect(emulator.oauth2.server.calls.login).toBeGreaterThan(0);
    const res = await fetch(emulator.oauth2.protectedUrl, { headers: { authorization: `Bearer ${stdout.trim()}` } });
    expect(res.status).toBe(200);
  });

  it('check-config: the client secret masked, both origins', async () => {
    const { code, stdout } = await runCli(['check-config', '--json'], oauth2Env());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      provider: 'oauth2',
      origins: [emulator.url, 'https://other.example.com'],
      config: { clientSecret: '***', clientId: emulator.oauth2.server.username },
    });
  });

  it('curl: the Bearer header reaches the protected endpoint', async () => {
    const { code, stdout } = await runCli(
      ['curl', '--', '-s', '-o', '/dev/null', '-w', '%{http_code}', emulator.oauth2.protectedUrl],
      oauth2Env(),
    );
    expect({ code, stdout }).toEqual({ code: 0, stdout: '200' });
  });
});

describe('static-key', () => {
  const keyEnv = (): Record<string, string> => ({
    AUTHWIRE_PROVIDER: 'static-key',
    AUTHWIRE_VALUE: API_KEY,
    AUTHWIRE_HEADER: 'api_key',
    AUTHWIRE_ORIGINS: emulator.url,
  });

  it('header: the key as it is, from AUTHWIRE_VALUE', async () => {
    const { code, stdout, stderr } = await runCli(['header', '--json'], keyEnv());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({ provider: 'static-key', header: API_KEY });
  });

  it('curl: sends the key in the header the config names (api_key), and Masters India accepts it', async () => {
    const { code, stdout, stderr } = await runCli(['curl', '--', '-s', '-w', ' %{http_code}', einvoice()], keyEnv());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/ 200$/);
  });

  it('curl without the header name, to the same API: refused by the API (the test can fail)', async () => {
    const { stdout } = await runCli(['curl', '--', '-s', '-o', '/dev/null', '-w', '%{http_code}', einvoice()], {
      ...keyEnv(),
      AUTHWIRE_HEADER: 'x-api-key',
    });
    expect(stdout).toBe('401');
  });

  it('check-config masks the value', async () => {
    const { code, stdout } = await runCli(['check-config', '--json'], keyEnv());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ provider: 'static-key', config: { value: '***', header: 'api_key' } });
    expect(stdout).not.toContain(API_KEY);
  });
});

describe('masters-india with an api key', () => {
  it('AUTHWIRE_API_KEY: header prints the key, curl gets a 200 from an e-invoice path; no login', async () => {
    const env = { AUTHWIRE_PROVIDER: 'masters-india', AUTHWIRE_BASE_URL: emulator.url, AUTHWIRE_API_KEY: API_KEY };
    const logins = emulator.mastersIndia.server.calls.login;
    const header = await runCli(['header'], env);
    expect(header).toMatchObject({ code: 0, stdout: `${API_KEY}\n`, stderr: '' });
    const curl = await runCli(['curl', '--', '-s', '-o', '/dev/null', '-w', '%{http_code}', einvoice()], env);
    expect(curl).toMatchObject({ code: 0, stdout: '200' });
    expect(emulator.mastersIndia.server.calls.login).toBe(logins);
    const config = await runCli(['check-config', '--json'], env);
    expect(JSON.parse(config.stdout)).toMatchObject({ config: { apiKey: '***' } });
  });
});

describe('secrets never come from a flag', () => {
  it.each([
    [['token', '--api-key', SECRET], 'secrets (apiKey)', 'AUTHWIRE_API_KEY'],
    [['token', `--apiKey=${SECRET}`], 'secrets (apiKey)', 'AUTHWIRE_API_KEY'],
    [['header', '--client-secret', SECRET], 'secrets (clientSecret)', 'AUTHWIRE_CLIENT_SECRET'],
    [['curl', '--value', SECRET, '--', 'https://example.com'], 'secrets (value)', 'AUTHWIRE_VALUE'],
    [['check-config', '--set', `apiKey=${SECRET}`], 'secrets (apiKey)', 'AUTHWIRE_API_KEY'],
    [['token', '--set', `clientSecret=${SECRET}`], 'secrets (clientSecret)', 'AUTHWIRE_CLIENT_SECRET'],
    [['token', '--set', `value=${SECRET}`], 'secrets (value)', 'AUTHWIRE_VALUE'],
    [['token', '--set', `password=${SECRET}`], 'passwords', 'AUTHWIRE_PASSWORD'],
  ])('%j', async (args, what, variable) => {
    const { code, stdout, stderr } = await runCli(args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^authwire: [^\n]+\n$/);
    expect(stderr).toContain(`${what} are not accepted on the command line`);
    expect(stderr).toContain(`set ${variable} or put`);
  });

  it('a secret in the config file is fine', async () => {
    const file = join(dir, 'oauth2.json');
    await writeFile(file, JSON.stringify({ provider: 'oauth2', ...emulator.oauth2.config() }));
    const { code, stdout } = await runCli(['header', '--config', file]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Bearer eyJ/);
  });
});

describe('help', () => {
  it('lists the four providers and the secret variables', async () => {
    const global = await runCli(['--help']);
    expect(global.stdout).toContain('masters-india | union-service | oauth2 | static-key');
    const token = await runCli(['token', '--help']);
    expect(token.stdout).toContain('--provider <name>      masters-india | union-service | oauth2 | static-key');
    expect(token.stdout).toContain('AUTHWIRE_PASSWORD, AUTHWIRE_API_KEY, AUTHWIRE_CLIENT_SECRET, AUTHWIRE_VALUE');
  });
});
