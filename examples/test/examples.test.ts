/**
 * Runs every example as its users would — `src/main.ts` in a subprocess, configured by env —
 * against one loopback emulator, and checks what it printed and which token calls it cost.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createProvider } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { type Emulator, type ProviderMock, type RedisServer, startEmulator, startRedisServer } from '@authwire/testing';
import { unionService } from '@authwire/union-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisSkipReason } from '../../packages/redis/test/fixtures/redis-server.js';
import { createApp as createExpressApp } from '../axios-express/src/app.js';
import { createApp } from '../server-hono/src/app.js';

/**
 * The runnable examples. Each is a workspace package `@authwire-examples/<name>` with
 * `src/main.ts`, a README and a `start` script; add a new one (multi-process) here and give it a
 * `describe` block below.
 */
const EXAMPLES = [
  'fetch-basic',
  'ky-client',
  'swap-by-config',
  'server-hono',
  'multi-process',
  'openapi-union',
  'axios-express',
  'opentelemetry',
] as const;
type Example = (typeof EXAMPLES)[number];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_TIMEOUT_MS = 15_000;
const WRONG_PASSWORD = 'wrong-password-7f3a91';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

/** This process's env without the shell's own AUTHWIRE_ / MI_ / UNION_ variables. */
function cleanEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AUTHWIRE|MI|UNION)_/.test(name)));
}

/** Starts `src/main.ts` of an example as `pnpm start` would: tsx, the root tsconfig's paths to the sources. */
function start(example: Example, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: join(ROOT, 'examples', example),
    env: { ...cleanEnv(), TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'), NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Collects a child's output until it exits (killed after RUN_TIMEOUT_MS). */
function finished(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const run = (example: Example, env: Record<string, string>, args: string[] = []) => finished(start(example, env, args));

/** What the mock's counters moved by since this was called. */
function counter(mock: ProviderMock) {
  const before = { ...mock.server.calls };
  return () => {
    const now = mock.server.calls;
    return {
      login: now.login - before.login,
      refresh: now.refresh - before.refresh,
      api: now.api - before.api,
      apiRejected: now.apiRejected - before.apiRejected,
    };
  };
}

/** The demo credentials of a mock's config, as strings for env. */
function credentials(mock: ProviderMock): { username: string; password: string } {
  const { username, password } = mock.config();
  return { username: String(username), password: String(password) };
}

describe.each(EXAMPLES)('%s', (example) => {
  const dir = join(ROOT, 'examples', example);

  it('is a workspace package with src/main.ts, a README and a start script', async () => {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      scripts: Record<string, string>;
    };
    expect(pkg.name).toBe(`@authwire-examples/${example}`);
    expect(pkg.scripts.start).toBe('tsx --tsconfig ../../tsconfig.json src/main.ts');
    expect(existsSync(join(dir, 'src/main.ts'))).toBe(true);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain(`pnpm --filter ${pkg.name} start`);
  });
});

describe('fetch-basic', () => {
  const env = () => {
    const { username, password } = credentials(emulator.mastersIndia);
    return {
      MI_BASE_URL: emulator.url,
      MI_USERNAME: username,
      MI_PASSWORD: password,
      MI_API_URL: emulator.mastersIndia.protectedUrl,
    };
  };

  it('makes two authorized calls with one login', async () => {
    const calls = counter(emulator.mastersIndia);
    const { code, stdout, stderr } = await run('fetch-basic', env());

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('call 1: HTTP 200 (logged in first)');
    expect(stdout).toContain('call 2: HTTP 200 (token from cache)');
    expect(stdout).toContain('[authwire] masters-india: login');
    expect(stdout).toContain('done: 2 calls, 1 login');
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 2, apiRejected: 0 });
  });

  it('exits 1 with one line naming INVALID_CREDENTIALS, never the password, on a wrong password', async () => {
    const calls = counter(emulator.mastersIndia);
    const { code, stdout, stderr } = await run('fetch-basic', { ...env(), MI_PASSWORD: WRONG_PASSWORD });

    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('INVALID_CREDENTIALS')]);
    expect(stdout + stderr).not.toContain(WRONG_PASSWORD);
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 0, apiRejected: 0 });
  });
});

describe('ky-client', () => {
  const env = () => {
    const { username, password } = credentials(emulator.unionService);
    return {
      UNION_BASE_URL: emulator.url,
      UNION_USERNAME: username,
      UNION_PASSWORD: password,
      UNION_API_PATH: 'api/sample', // under the prefix URL: {base}/union-service/api/sample
    };
  };

  it('prints the JSON of an authorized ky call, with one login', async () => {
    const calls = counter(emulator.unionService);
    const { code, stdout } = await run('ky-client', env());

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, method: 'GET' });
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 1, apiRejected: 0 });
  });

  it('tries a wrong password once (ky does not retry an AuthError) and exits 1', async () => {
    const calls = counter(emulator.unionService);
    const { code, stdout, stderr } = await run('ky-client', { ...env(), UNION_PASSWORD: WRONG_PASSWORD });

    expect(code).toBe(1);
    expect(stderr).toContain('ky-client failed: INVALID_CREDENTIALS');
    expect(stdout + stderr).not.toContain(WRONG_PASSWORD);
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 0, apiRejected: 0 });
  });
});

describe('swap-by-config', () => {
  it('runs the application on masters-india, configured by a JSON file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'authwire-swap-'));
    try {
      const file = join(dir, 'masters-india.json');
      const config = { provider: 'masters-india', ...credentials(emulator.mastersIndia), baseUrl: emulator.url };
      await writeFile(file, JSON.stringify(config));
      const calls = counter(emulator.mastersIndia);
      const { code, stdout } = await run('swap-by-config', { API_URL: emulator.mastersIndia.protectedUrl }, [
        '--config',
        file,
      ]);

      expect(code).toBe(0);
      expect(stdout).toContain('masters-india: HTTP 200');
      expect(calls()).toEqual({ login: 1, refresh: 0, api: 1, apiRejected: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs the same application on union-service, configured by AUTHWIRE_* env', async () => {
    const { username, password } = credentials(emulator.unionService);
    const calls = counter(emulator.unionService);
    const { code, stdout } = await run('swap-by-config', {
      AUTHWIRE_PROVIDER: 'union-service',
      AUTHWIRE_BASE_URL: emulator.url,
      AUTHWIRE_USERNAME: username,
      AUTHWIRE_PASSWORD: password,
      API_URL: emulator.unionService.protectedUrl,
    });

    expect(code).toBe(0);
    expect(stdout).toContain('union-service: HTTP 200');
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 1, apiRejected: 0 });
  });

  it.each(['masters-india', 'union-service'])('ships a valid %s.example.json', async (name) => {
    const file = join(ROOT, 'examples/swap-by-config', `${name}.example.json`);
    const config: unknown = JSON.parse(await readFile(file, 'utf8'));
    // Building a provider validates the config and sends nothing.
    expect(createProvider(config, { providers: [mastersIndia, unionService] }).name).toBe(name);
  });
});

describe('server-hono', () => {
  const env = () => {
    const { username, password } = credentials(emulator.unionService);
    return {
      UNION_BASE_URL: emulator.url,
      UNION_USERNAME: username,
      UNION_PASSWORD: password,
      UNION_API_URL: emulator.unionService.protectedUrl,
    };
  };

  it('answers GET /countries in-process, every request sharing one login', async () => {
    const app = createApp(env());
    const calls = counter(emulator.unionService);

    for (const _ of [1, 2]) {
      const res = await app.request('/countries');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true });
    }
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 2, apiRejected: 0 });
  });

  it('answers 502 with the error code, never the password, when the login is refused', async () => {
    // Another user: the account above already has a token in this process's shared memory store.
    const app = createApp({ ...env(), UNION_USERNAME: 'someone-else@example.com', UNION_PASSWORD: WRONG_PASSWORD });
    const res = await app.request('/countries');

    expect(res.status).toBe(502);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: 'INVALID_CREDENTIALS' });
    expect(body).not.toContain(WRONG_PASSWORD);
  });

  it('serves HTTP as a process on a free port and stops on SIGTERM', async () => {
    const calls = counter(emulator.unionService);
    const child = start('server-hono', { ...env(), PORT: '0' });
    const exited = finished(child);
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let seen = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          seen += chunk;
          const match = /listening on http:\/\/localhost:(\d+)/.exec(seen);
          if (match?.[1]) resolve(match[1]);
        });
        void exited.then((result) => reject(new Error(`server-hono exited early: ${JSON.stringify(result)}`)));
      });
      for (const _ of [1, 2]) {
        const res = await fetch(`http://127.0.0.1:${port}/countries`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ ok: true });
      }
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stdout } = await exited;

    expect(code).toBe(0);
    expect(stdout).toContain('server-hono stopped');
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 2, apiRejected: 0 });
  });
});

describe('openapi-union', () => {
  const dir = join(ROOT, 'examples/openapi-union');
  const env = () => {
    const { username, password } = credentials(emulator.unionService);
    return { AUTHWIRE_BASE_URL: emulator.url, AUTHWIRE_USERNAME: username, AUTHWIRE_PASSWORD: password };
  };

  it('calls three real paths through the typed client and authMiddleware, with one login', async () => {
    const calls = counter(emulator.unionService);
    const { code, stdout, stderr } = await run('openapi-union', env());

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      '[authwire] union-service: login',
      'countries: 3 (TR, US, GB)',
      'channels: Transfer2Wallet, Transfer2Name, Transfer2Iban',
      'fee: 10.95 USD to send 9559.25 USD',
      'done: 3 calls, 1 login',
    ]);
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 3, apiRejected: 0 });
  });

  it('exits 1 naming INVALID_CREDENTIALS, never the password, on a wrong password', async () => {
    const calls = counter(emulator.unionService);
    // Another user: a refused login is cooled down per account.
    const { code, stdout, stderr } = await run('openapi-union', {
      ...env(),
      AUTHWIRE_USERNAME: 'openapi-someone@example.com',
      AUTHWIRE_PASSWORD: WRONG_PASSWORD,
    });

    expect(code).toBe(1);
    expect(stderr).toContain('openapi-union failed: INVALID_CREDENTIALS');
    expect(stdout + stderr).not.toContain(WRONG_PASSWORD);
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 0, apiRejected: 0 });
  });

  it('ships src/union-api.d.ts as openapi-typescript generates it from the swagger it ships', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'authwire-openapi-'));
    try {
      const out = join(tmp, 'union-api.d.ts');
      await promisify(execFile)(join(dir, 'node_modules/.bin/openapi-typescript'), [
        join(dir, 'union-service-swagger.json'),
        '--output',
        out,
      ]);
      // Formatted as `pnpm … generate` does, with the repository's Biome config, to stdout.
      const formatted = await new Promise<string>((resolve, reject) => {
        const child = execFile(
          join(ROOT, 'node_modules/.bin/biome'),
          ['format', `--stdin-file-path=${join(dir, 'src/union-api.d.ts')}`],
          { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 },
          (error, stdout) => (error ? reject(error) : resolve(stdout)),
        );
        void readFile(out).then((generated) => child.stdin?.end(generated), reject);
      });
      expect(formatted).toBe(await readFile(join(dir, 'src/union-api.d.ts'), 'utf8'));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('axios-express', () => {
  const env = () => {
    const { username, password } = credentials(emulator.mastersIndia);
    return { MI_BASE_URL: emulator.url, MI_USERNAME: username, MI_PASSWORD: password };
  };

  it('serves its routes, calling Masters India through authAxios: three requests, one login', async () => {
    const calls = counter(emulator.mastersIndia);
    const { code, stdout, stderr } = await run('axios-express', env());

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.match(/^POST \/eway-bills -> 201 \{"ewayBillNo":\d+,/gm)).toHaveLength(2);
    expect(stdout).toMatch(/^GET \/einvoices\/\w+\?gstin=\w+ -> 200 \{"irn":"\w+","ackNo":\d+,"status":"ACT"\}$/m);
    expect(stdout.match(/\[authwire\] masters-india: login/g)).toHaveLength(1);
    expect(stdout).toContain('done: 3 requests, 1 login');
    expect(calls()).toEqual({ login: 1, refresh: 0, api: 3, apiRejected: 0 });
  });

  it('answers 502 INVALID_CREDENTIALS on a wrong password, never echoing it, and exits 1', async () => {
    const calls = counter(emulator.mastersIndia);
    const { code, stdout, stderr } = await run('axios-express', {
      ...env(),
      MI_USERNAME: 'axios-someone@example.com',
      MI_PASSWORD: WRONG_PASSWORD,
    });

    expect(code).toBe(1);
    expect(stdout).toContain('-> 502 {"error":"INVALID_CREDENTIALS"}');
    expect(stderr).toContain('axios-express failed');
    expect(stdout + stderr).not.toContain(WRONG_PASSWORD);
    expect(calls()).toMatchObject({ login: 1, api: 0 });
  });

  it('in-process: a token revoked between two requests is renewed and the call replayed once', async () => {
    const mock = emulator.mastersIndia;
    const server = createExpressApp({ ...env(), MI_USERNAME: mock.server.username }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const irn = 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229';
    try {
      const get = () => fetch(`${origin}/einvoices/${irn}?gstin=05AAABB0639G1Z8`);
      expect((await get()).status).toBe(200);
      const calls = counter(mock);
      mock.server.revokeAccessTokens();
      const res = await get();
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ irn, status: 'ACT' });
      const moved = calls();
      expect(moved).toMatchObject({ api: 2, apiRejected: 1 });
      expect(moved.login + moved.refresh).toBe(1);
      const missing = await fetch(`${origin}/einvoices/${irn}`);
      expect(missing.status).toBe(422);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// Needs a real redis-server: see redisSkipReason (never skipped in CI).
describe.skipIf(redisSkipReason() !== undefined)('multi-process', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('3 worker processes × 50 concurrent calls share one login through Redis; a rerun reuses it', async () => {
    const mock = emulator.mastersIndia;
    const { username, password } = credentials(mock);
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: `ex-${crypto.randomUUID()}:`,
      MI_BASE_URL: emulator.url,
      MI_USERNAME: username,
      MI_PASSWORD: password,
      WORKERS: '3',
      CALLS: '50',
    };
    const moved = counter(mock);
    const first = await run('multi-process', env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(
      '3 workers × 50 concurrent calls: 1 login, 0 refreshes, 1 distinct token, 0 failed calls',
    );
    expect(moved().login).toBe(1);
    const again = await run('multi-process', env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 logins');
    expect(moved().login).toBe(1);
  }, 60_000);
});
