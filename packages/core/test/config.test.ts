import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type AuthError, configFromEnv, createProvider, isAuthError, validateConfig } from '../src/index.js';
import { acme } from './fixtures/acme.js';
import { acmeSetup, useMsw } from './fixtures/setup.js';

const server = useMsw();
const SECRET = 'hunter2-do-not-print-Zq8';

const caught = (run: () => unknown): AuthError => {
  try {
    run();
  } catch (error) {
    if (isAuthError(error)) return error;
    throw error;
  }
  throw new Error('expected an AuthError');
};

describe('createProvider', () => {
  it('picks the factory named by config.provider and works end to end', async () => {
    const { mock, clock } = acmeSetup(server);
    const provider = createProvider(
      { provider: 'acme', ...mock.config({ username: 'cfg-user' }), password: 'x' },
      {
        providers: [acme],
        clock,
      },
    );
    expect(provider.name).toBe('acme');
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const good = createProvider({ provider: 'acme', ...mock.config() }, { providers: [acme], clock });
    expect((await good.getToken()).scheme).toBe('Bearer');
  });

  it('lists the known providers for an unknown one', () => {
    const error = caught(() => createProvider({ provider: 'nope' }, { providers: [acme] }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('unknown provider "nope"');
    expect(error.message).toContain('acme');
  });

  it('rejects a config without provider, or not an object', () => {
    expect(caught(() => createProvider({}, { providers: [acme] })).message).toContain('provider is missing');
    expect(caught(() => createProvider('acme', { providers: [acme] })).code).toBe('CONFIG_INVALID');
    expect(caught(() => createProvider(null, { providers: [acme] })).code).toBe('CONFIG_INVALID');
  });

  it('names every invalid field and never echoes a secret', () => {
    const error = caught(() =>
      createProvider(
        { provider: 'acme', baseUrl: 'http://evil.example.com', username: '', password: 12345, extra: SECRET },
        { providers: [acme] },
      ),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    for (const field of ['baseUrl', 'username', 'password', 'extra']) expect(error.message).toContain(field);
    const seen = [error.message, error.stack, JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');
    expect(seen).not.toContain(SECRET);
    expect(seen).not.toContain('12345');
    const wrongType = caught(() => acme({ baseUrl: 'https://a.test', username: 'u', password: [SECRET] as never }));
    expect([wrongType.message, inspect(wrongType)].join()).not.toContain(SECRET);
  });

  it('accepts http: only for loopback hosts', () => {
    const ok = (baseUrl: string) => acme({ baseUrl, username: 'u', password: 'p' }).origins[0];
    expect(ok('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(ok('http://localhost:3000/')).toBe('http://localhost:3000');
    expect(ok('http://[::1]:9')).toBe('http://[::1]:9');
    expect(caught(() => ok('http://10.0.0.1')).message).toContain('baseUrl');
    expect(caught(() => ok('ftp://example.com')).message).toContain('baseUrl');
    expect(caught(() => ok('https://u:p@example.com')).message).toContain('baseUrl');
  });
});

describe('configFromEnv', () => {
  it('maps prefixed variables to camel-cased keys, parsing JSON objects', () => {
    expect(
      configFromEnv({
        AUTHWIRE_PROVIDER: 'masters-india',
        AUTHWIRE_BASE_URL: 'https://x.test',
        AUTHWIRE_API_VERSION: 'v2',
        AUTHWIRE_HEADERS: '{"Productid":"arap"}',
        AUTHWIRE_: 'ignored',
        OTHER: 'ignored',
        AUTHWIRE_EMPTY: undefined,
      }),
    ).toEqual({
      provider: 'masters-india',
      baseUrl: 'https://x.test',
      apiVersion: 'v2',
      headers: { Productid: 'arap' },
    });
  });

  it('takes a custom prefix and feeds createProvider', async () => {
    const { mock, clock } = acmeSetup(server);
    const env = {
      APP_PROVIDER: 'acme',
      APP_BASE_URL: mock.baseUrl,
      APP_USERNAME: 'demo@example.com',
      APP_PASSWORD: 'demo-password',
    };
    const provider = createProvider(configFromEnv(env, 'APP_'), { providers: [acme], clock });
    expect((await provider.getToken()).value.length).toBeGreaterThan(10);
  });
});

describe('validateConfig', () => {
  it('returns the typed config with defaults applied', () => {
    expect(
      validateConfig('acme', acme.configSchema, { baseUrl: 'https://a.test/', username: 'u', password: 'p' }),
    ).toEqual({
      baseUrl: 'https://a.test',
      username: 'u',
      password: 'p',
      jwtExpiry: false,
    });
  });
});

describe('config messages', () => {
  it('keep the schema own message and never quote a received value', () => {
    const error = caught(() => acme({ baseUrl: 'http://evil.example.com', username: 'u', password: 'p' }));
    expect(error.message).toContain('baseUrl: must use https: (http: only for loopback hosts)');
    const typed = caught(() =>
      acme({ baseUrl: 'https://a.test', username: 'u', password: 'visible-value-42' as string, extra: 'x' } as never),
    );
    expect(typed.message).toContain('extra');
    expect(typed.message).not.toContain('visible-value-42');
  });
});
