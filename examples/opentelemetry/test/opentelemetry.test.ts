/**
 * Runs the example as its users would — `src/main.ts` in a subprocess, as `pnpm start` does — and
 * checks what the console exporters printed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIR = fileURLToPath(new URL('../', import.meta.url));
const RUN_TIMEOUT_MS = 15_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/main.ts` with tsx and the root tsconfig's paths to the sources (killed after RUN_TIMEOUT_MS). */
function run(): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AUTHWIRE|MI|OTEL)_/.test(name)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: DIR,
    env: { ...env, TSX_TSCONFIG_PATH: `${ROOT}tsconfig.json`, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
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

const count = (text: string, part: string) => text.split(part).length - 1;

describe('opentelemetry example', () => {
  let result: Run;
  beforeAll(async () => {
    result = await run();
  }, RUN_TIMEOUT_MS + 5_000);

  it('runs to the end on the embedded emulator, printing nothing to stderr', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('call 1: HTTP 200');
    expect(result.stdout).toContain('call 3, a day later: HTTP 200');
    expect(result.stdout).toContain('intruder: INVALID_CREDENTIALS');
    expect(result.stdout.trimEnd().endsWith('done: 1 login, 1 refresh, 1 refused login exported')).toBe(true);
  });

  it('exports one span per renewal (the cached call none), with the failure as ERROR and its code', () => {
    const { stdout } = result;
    // Two logins (the first one and the intruder's refused one, named after its operation) and a refresh.
    expect(count(stdout, "name: 'authwire.login'")).toBe(2);
    expect(count(stdout, "name: 'authwire.refresh'")).toBe(1);
    expect(count(stdout, "name: 'authwire.renewal'")).toBe(0);
    expect(stdout).toContain("'error.type': 'INVALID_CREDENTIALS'");
    expect(stdout).toContain("'http.response.status_code': 206");
    expect(stdout).toMatch(/status: \{\s+code: 2,/);
    expect(stdout).toContain("name: '@authwire/opentelemetry'");
  });

  it('exports the renewal counter and the duration histogram (in seconds) once, at shutdown', () => {
    const { stdout } = result;
    expect(count(stdout, "name: 'authwire.renewals'")).toBe(1);
    expect(stdout).toContain("unit: '{renewal}'");
    expect(count(stdout, "name: 'authwire.renewal.duration'")).toBe(1);
    expect(stdout).toContain("unit: 's'");
    expect(stdout).toContain('explicitBucketBoundaries');
  });

  it('prints no password and no token', () => {
    const all = result.stdout + result.stderr;
    expect(all).not.toContain('demo-password'); // the emulator's
    expect(all).not.toContain('not-the-password'); // the intruder's
    expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // any JWT
  });
});
