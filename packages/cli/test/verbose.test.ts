import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, expectOneLineError, runCli, SECRET, unionServiceEnv } from './run-cli.js';

let emulator: Emulator;
/** A server on another origin: the token must never reach it. */
let foreign: Server;
let foreignUrl: string;
const foreignAuthorization: (string | undefined)[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ password: SECRET });
  foreign = createServer((req, res) => {
    foreignAuthorization.push(req.headers.authorization);
    res.end('ok');
  });
  await new Promise<void>((resolve) => foreign.listen(0, 'localhost', resolve));
  foreignUrl = `http://localhost:${(foreign.address() as AddressInfo).port}/x`;
});

afterAll(async () => {
  await emulator?.close();
  await new Promise((resolve) => foreign?.close(resolve));
});

afterAll(assertNoSecretLeaked);

const env = (): Record<string, string> => unionServiceEnv(emulator);

/** Whether `text` holds the token (or any 20-character piece of it). */
const holdsToken = (text: string, token: string) => {
  for (let at = 0; at + 20 <= token.length; at += 10) if (text.includes(token.slice(at, at + 20))) return true;
  return false;
};

describe('--verbose', () => {
  it('token: the store, the login and its timing on stderr; stdout unchanged; no token or password on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['token', '--verbose'], env());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^eyJ[\w.-]+\n$/);
    expect(stderr).toMatch(
      /^authwire: provider union-service, origins http:\/\/127\.0\.0\.1:\d+; token store: file \S+authwire$/m,
    );
    expect(stderr).toMatch(
      /^authwire: login \(union-service\) took \d+ ms; the token expires at \d{4}-\d\d-\d\dT[\d:.]+Z$/m,
    );
    expect(holdsToken(stderr, stdout.trim())).toBe(false);
  });

  it('without --verbose: nothing on stderr', async () => {
    const { stderr } = await runCli(['token'], env());
    expect(stderr).toBe('');
  });

  it('curl: which origin got the header, and which did not and why (token-withheld)', async () => {
    const sent = await runCli(['curl', '-v', '--', '-s', '-o', '/dev/null', emulator.unionService.protectedUrl], env());
    expect(sent.code).toBe(0);
    expect(sent.stderr).toContain(
      `authwire: authorization header sent to ${emulator.url}: one of the provider's origins\n`,
    );

    const withheld = await runCli(['curl', '--verbose', '--', '-s', foreignUrl], env());
    expect(withheld.code).toBe(0);
    const origin = new URL(foreignUrl).origin;
    expect(withheld.stderr).toContain(
      `authwire: token withheld from ${origin} (union-service): not one of the provider's origins\n`,
    );
    expect(withheld.stderr).toContain(`authwire: warning: ${origin} is not one of the provider's origins`);
    expect(foreignAuthorization).toEqual([undefined]);
  });

  it('an error: the cause chain, one line per link, then the one-line report; no password', async () => {
    // A port nothing listens on: connection refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const { code, stderr } = await runCli(['token', '--verbose', '--no-cache'], {
      ...env(),
      AUTHWIRE_BASE_URL: `http://127.0.0.1:${port}`,
    });
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^authwire: error: AuthError PROVIDER_UNAVAILABLE: /));
    expect(lines).toContainEqual(expect.stringMatching(/^authwire: caused by: .*ECONNREFUSED/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^authwire: renewal failed \(union-service\) after \d+ ms: PROVIDER_UNAVAILABLE/),
    );
    expectOneLineError(`${lines.at(-1)}\n`, 'PROVIDER_UNAVAILABLE');
  });

  it('a refused login: the chain names the code, never the password', async () => {
    const { code, stderr } = await runCli(['token', '--verbose'], { ...env(), AUTHWIRE_PASSWORD: `${SECRET}-x` });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^authwire: error: AuthError INVALID_CREDENTIALS/m);
    expect(stderr).not.toContain(SECRET);
  });
});
