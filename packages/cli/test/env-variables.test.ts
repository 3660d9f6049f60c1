import { type Emulator, startEmulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, expectFailed, runCli, SECRET, unionServiceEnv } from './run-cli.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ password: SECRET });
});

afterAll(async () => {
  await emulator?.close();
});

afterAll(assertNoSecretLeaked);

const env = (): Record<string, string> => unionServiceEnv(emulator);

describe('AUTHWIRE_* variables that are no setting of the provider', () => {
  it('an unrelated one (AUTHWIRE_DEBUG=1): ignored with a one-line warning naming it; the command works', async () => {
    const { code, stdout, stderr } = await runCli(['token'], { ...env(), AUTHWIRE_DEBUG: '1' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^eyJ/);
    expect(stderr).toBe('authwire: warning: ignoring AUTHWIRE_DEBUG: not a setting of union-service\n');
  });

  it('a typo (AUTHWIRE_USERNAM): CONFIG_INVALID naming the variable and the likely one', async () => {
    const typo = { ...env(), AUTHWIRE_USERNAM: emulator.unionService.server.username } as Record<string, string>;
    delete typo.AUTHWIRE_USERNAME;
    const result = await runCli(['token'], typo);
    expectFailed(result, 'CONFIG_INVALID', [
      'AUTHWIRE_USERNAM is not a setting of union-service: did you mean AUTHWIRE_USERNAME?',
    ]);
    expect(result.stderr).not.toContain(emulator.unionService.server.username);
  });

  it('a typo beside a correct variable is still refused (strict): AUTHWIRE_PASSWROD', async () => {
    const result = await runCli(['token'], { ...env(), AUTHWIRE_PASSWROD: SECRET });
    expectFailed(result, 'CONFIG_INVALID', ['AUTHWIRE_PASSWROD', 'did you mean AUTHWIRE_PASSWORD?']);
  });

  it('another casing or separators of a known key: AUTHWIRE_BASEURL → AUTHWIRE_BASE_URL', async () => {
    const typo = { ...env(), AUTHWIRE_BASEURL: emulator.url } as Record<string, string>;
    delete typo.AUTHWIRE_BASE_URL;
    expectFailed(await runCli(['token'], typo), 'CONFIG_INVALID', ['did you mean AUTHWIRE_BASE_URL?']);
  });

  it('known keys depend on the provider: AUTHWIRE_API_KEY is ignored for union-service, used for masters-india', async () => {
    const union = await runCli(['check-config'], { ...env(), AUTHWIRE_API_KEY: 'k' });
    expect(union.code).toBe(0);
    expect(union.stderr).toBe('authwire: warning: ignoring AUTHWIRE_API_KEY: not a setting of union-service\n');
    expect(union.stdout).not.toContain('apiKey');
    const masters = await runCli(['check-config', '--json'], {
      AUTHWIRE_PROVIDER: 'masters-india',
      AUTHWIRE_BASE_URL: emulator.url,
      AUTHWIRE_API_KEY: 'k',
    });
    expect({ code: masters.code, stderr: masters.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(masters.stdout).config).toEqual({
      provider: 'masters-india',
      baseUrl: emulator.url,
      apiKey: '***',
    });
  });

  it('the flag-chosen provider decides: --provider oauth2 with AUTHWIRE_CLIENT_SECRE → did you mean AUTHWIRE_CLIENT_SECRET?', async () => {
    const result = await runCli(['check-config', '--provider', 'oauth2'], {
      AUTHWIRE_TOKEN_URL: emulator.oauth2.tokenUrl,
      AUTHWIRE_CLIENT_ID: 'c',
      AUTHWIRE_CLIENT_SECRE: SECRET,
      AUTHWIRE_ORIGINS: emulator.url,
    });
    expectFailed(result, 'CONFIG_INVALID', ['did you mean AUTHWIRE_CLIENT_SECRET?']);
  });
});
