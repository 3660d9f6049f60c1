import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@authwire/testing';
import { expect } from 'vitest';

/** The password every test's emulator uses: it must appear in no output of any run. */
export const SECRET = 'Zq9-distinct1ve-pa55word';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const outputs: string[] = [];

// Every run gets an empty token cache of its own unless the test passes XDG_CACHE_HOME: a run
// logs in as it did before caching, and no test touches the user's ~/.cache.
const caches = mkdtempSync(join(tmpdir(), 'authwire-cli-cache-'));
let runs = 0;
process.once('exit', () => rmSync(caches, { recursive: true, force: true }));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the CLI as a real process (`node --import tsx src/cli.ts …`) with only PATH, an empty
 * cache directory (XDG_CACHE_HOME) and the given variables in its environment.
 */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(caches, String(++runs)), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a spawned CLI's output (also for {@link assertNoSecretLeaked}) and exit code. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return collect(spawnCli(args, env));
}

/** For `afterAll`: no output of any run of this file held the password. */
export function assertNoSecretLeaked(): void {
  expect(outputs.length).toBeGreaterThan(0);
  for (const output of outputs) expect(output).not.toContain(SECRET);
}

/** An error report: one line, `authwire: <CODE>: …`, no stack. */
export function expectOneLineError(stderr: string, code: string): void {
  expect(stderr).toMatch(new RegExp(`^authwire: ${code}: [^\\n]+\\n$`));
  expect(stderr).not.toMatch(/\n\s+at /);
}

/** A failed run: exit 1 and one error line of `code` on stderr, which names each of `mentions`. */
export function expectFailed(result: CliResult, code: string, mentions: readonly string[] = []): void {
  expect(result.code).toBe(1);
  expectOneLineError(result.stderr, code);
  for (const mention of mentions) expect(result.stderr).toContain(mention);
}

/**
 * The `AUTHWIRE_*` variables of a union-service config pointing at `emulator`, with the test
 * password (the emulator must have been started with `{ password: SECRET }`).
 */
export const unionServiceEnv = (emulator: Emulator): Record<string, string> => ({
  AUTHWIRE_PROVIDER: 'union-service',
  AUTHWIRE_BASE_URL: emulator.url,
  AUTHWIRE_USERNAME: emulator.unionService.server.username,
  AUTHWIRE_PASSWORD: SECRET,
});
