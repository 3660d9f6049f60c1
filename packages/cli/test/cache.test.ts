import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator, startRedisServer } from '@authwire/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, runCli, SECRET, unionServiceEnv } from './run-cli.js';

let emulator: Emulator;
let cache: string;

beforeAll(async () => {
  emulator = await startEmulator({ password: SECRET });
});

beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), 'authwire-cli-xdg-'));
  return () => rm(cache, { recursive: true, force: true });
});

afterAll(async () => {
  await emulator?.close();
});

afterAll(assertNoSecretLeaked);

const env = (): Record<string, string> => ({ ...unionServiceEnv(emulator), XDG_CACHE_HOME: cache });

const logins = () => emulator.unionService.server.calls.login;

async function tokens(times: number, args: readonly string[] = [], extra: Record<string, string> = {}) {
  const printed = new Set<string>();
  for (let run = 0; run < times; run++) {
    const { code, stdout, stderr } = await runCli(['token', ...args], { ...env(), ...extra });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    printed.add(stdout);
  }
  return printed;
}

describe('token cache', () => {
  it('ten `authwire token` runs: one login, one token; $XDG_CACHE_HOME/authwire is 0700, its files 0600, no secret in them', async () => {
    const before = logins();
    const printed = await tokens(10);
    expect(logins() - before).toBe(1);
    expect(printed.size).toBe(1);

    const dir = join(cache, 'authwire');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    expect(files.length).toBe(1);
    for (const file of files) {
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
      expect(await readFile(join(dir, file), 'utf8')).not.toContain(SECRET);
    }
  }, 60_000);

  it('--no-cache: a login per run, nothing written', async () => {
    const before = logins();
    await tokens(3, ['--no-cache']);
    expect(logins() - before).toBe(3);
    await expect(stat(join(cache, 'authwire'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 30_000);

  it('the cache is bound to the credentials: another password does not get the cached token', async () => {
    await tokens(1);
    const before = logins();
    const { code, stdout, stderr } = await runCli(['token'], { ...env(), AUTHWIRE_PASSWORD: `${SECRET}-wrong` });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^authwire: INVALID_CREDENTIALS: /);
    expect(logins() - before).toBe(1);
  });

  it('--store <dir>: that directory instead; a second run reuses it', async () => {
    const dir = join(cache, 'elsewhere');
    const before = logins();
    await tokens(2, ['--store', dir]);
    expect(logins() - before).toBe(1);
    expect((await readdir(dir)).some((name) => name.endsWith('.json'))).toBe(true);
    await expect(stat(join(cache, 'authwire'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('~/.cache/authwire without XDG_CACHE_HOME (HOME from the environment)', async () => {
    const before = logins();
    await tokens(2, [], { XDG_CACHE_HOME: '', HOME: cache });
    expect(logins() - before).toBe(1);
    expect((await stat(join(cache, '.cache', 'authwire'))).mode & 0o777).toBe(0o700);
  });

  it('an existing $XDG_CACHE_HOME/authwire readable by others is made 0700', async () => {
    await mkdir(join(cache, 'authwire'), { mode: 0o755 });
    await tokens(1);
    expect((await stat(join(cache, 'authwire'))).mode & 0o777).toBe(0o700);
  });

  it('--store redis://…: three runs, one login, nothing on disk; the URL password is never printed', async () => {
    const redis = await startRedisServer();
    try {
      const url = redis.url.replace('redis://', `redis://:${SECRET}-redis@`);
      // The test server has no password: a URL with one is refused by it, so use its own URL for the
      // runs and the password-carrying one only for what --verbose prints.
      const before = logins();
      await tokens(3, ['--store', redis.url]);
      expect(logins() - before).toBe(1);
      await expect(stat(join(cache, 'authwire'))).rejects.toMatchObject({ code: 'ENOENT' });
      const verbose = await runCli(['token', '--verbose', '--store', url], env());
      expect(verbose.stderr).toContain(`token store: redis ${new URL(redis.url).host}`);
      expect(verbose.stderr).not.toContain(`${SECRET}-redis`);
    } finally {
      await redis.stop();
    }
  }, 60_000);

  it('--no-cache with --store: a usage error', async () => {
    const { code, stderr } = await runCli(['token', '--no-cache', '--store', cache], env());
    expect(code).toBe(2);
    expect(stderr).toBe('authwire: --no-cache and --store exclude each other\n');
  });
});
