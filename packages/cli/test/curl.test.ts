import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, runCli, SECRET, unionServiceEnv } from './run-cli.js';

let emulator: Emulator;
let echo: Server;
let echoUrl: string;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ password: SECRET });
  // A foreign origin: answers with the Authorization header it received.
  echo = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo`;
  dir = await mkdtemp(join(tmpdir(), 'authwire-curl-'));
});

afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => echo?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

afterAll(assertNoSecretLeaked);

const env = (): Record<string, string> => unionServiceEnv(emulator);

describe('authwire curl', () => {
  it("calls the provider's protected endpoint with the header and prints curl's output", async () => {
    const { code, stdout, stderr } = await runCli(['curl', '--', '-s', emulator.unionService.protectedUrl], env());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true });
  });

  it('works for masters-india and curl options with values (-w, -o)', async () => {
    const { code, stdout } = await runCli(
      [
        'curl',
        '--provider',
        'masters-india',
        '--',
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        emulator.mastersIndia.protectedUrl,
      ],
      env(),
    );
    expect(code).toBe(0);
    expect(stdout).toBe('200');
  });

  it("exits with curl's exit code", async () => {
    const { code } = await runCli(['curl', '--', '-s', '-f', `${emulator.url}/no-such-path`], env());
    expect(code).toBe(22); // curl -f: HTTP status >= 400
  });

  it('sends no header to a foreign origin, and warns on one line', async () => {
    const { code, stdout, stderr } = await runCli(['curl', '--', '-s', echoUrl], env());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ authorization: null });
    expect(stderr).toMatch(/^authwire: warning: [^\n]+ is not one of the provider's origins [^\n]+\n$/);
  });

  it('sends no header when any of several URLs is foreign', async () => {
    const { stdout, stderr } = await runCli(
      ['curl', '--', '-s', '-w', ' %{http_code}', emulator.unionService.protectedUrl, echoUrl],
      env(),
    );
    expect(stdout).toContain('{"authorization":null}');
    expect(stdout).toContain(' 401');
    expect(stderr).toContain('warning');
  });

  it("never puts the token on curl's command line: it goes through stdin (-H @-)", async () => {
    // A stand-in curl on PATH that records what it was given.
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(
      join(bin, 'curl'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/argv"\ncat > "${dir}/stdin"\nexit 3\n`,
    );
    await chmod(join(bin, 'curl'), 0o755);
    const { code } = await runCli(['curl', '--', '-s', emulator.unionService.protectedUrl], {
      ...env(),
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    });
    expect(code).toBe(3);
    const argv = await readFile(join(dir, 'argv'), 'utf8');
    const stdin = await readFile(join(dir, 'stdin'), 'utf8');
    expect(argv).toBe(`-H\n@-\n-s\n${emulator.unionService.protectedUrl}\n`);
    expect(stdin).toMatch(/^Authorization: Bearer eyJ[\w.-]+\n$/);
    expect(argv).not.toContain(stdin.slice('Authorization: Bearer '.length).trim());
  });

  it("leaves the user's own Authorization header alone", async () => {
    const echoOrigin = new URL(echoUrl).origin;
    const { stdout, stderr } = await runCli(
      ['curl', '--base-url', echoOrigin, '--', '-s', '-H', 'Authorization: Basic abc', echoUrl],
      env(),
    );
    expect(JSON.parse(stdout)).toEqual({ authorization: 'Basic abc' });
    expect(stderr).toBe('');
  });

  it('refuses a body from stdin when the header needs it (exit 2)', async () => {
    const { code, stderr } = await runCli(['curl', '--', '-s', '-d', '@-', emulator.unionService.protectedUrl], env());
    expect(code).toBe(2);
    expect(stderr).toMatch(/^authwire: [^\n]+\n$/);
  });

  it('curl missing: one line, exit 127', async () => {
    const { code, stdout, stderr } = await runCli(['curl', '--', '-s', emulator.unionService.protectedUrl], {
      ...env(),
      PATH: join(dir, 'empty'),
    });
    expect(code).toBe(127);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^authwire: curl not found[^\n]*\n$/);
  });

  it('needs curl arguments (exit 2)', async () => {
    const { code, stderr } = await runCli(['curl'], env());
    expect(code).toBe(2);
    expect(stderr).toContain('authwire curl -- <curl args>');
  });
});
