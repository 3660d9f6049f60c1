/**
 * Secrets audit of core (DESIGN.md invariant 7): every AuthError code is driven through the test
 * adapter over HTTP — with provider answers that echo the submitted password and the tokens —
 * and neither the errors (message, stack, the whole `cause` chain, JSON, inspection), nor the
 * events, nor the providers show the password or any token. The CLI, run as a process against
 * the loopback emulator, is audited the same way on its error paths.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Emulator, type Fault, fakeClock, startEmulator } from '@authwire/testing';
import { exposedText, rejection, secretsIn } from '@authwire-tooling/reliability';
import ky from 'ky';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  type AccessToken,
  AuthError,
  AuthErrorCodes,
  type AuthEvent,
  authHooks,
  createMemoryStore,
  createProvider,
  defineProvider,
  isAuthError,
  type TokenProvider,
  withAuth,
} from '../src/index.js';
import { acme } from './fixtures/acme.js';
import { acmeSetup, HOUR, thrown, useMsw } from './fixtures/setup.js';

const server = useMsw();

const PASSWORD = `PW-${randomUUID()}`;
const WRONG_PASSWORD = `PW-wrong-${randomUUID()}`;

describe('secrets audit: core, every AuthError code', () => {
  it('no error, cause, event or provider shows the password or a token, even when the provider echoes them', async () => {
    const { provider, cold, mock, clock, events } = acmeSetup(server, { password: PASSWORD });
    const tokens: AccessToken[] = [await provider.getToken()];
    const errors: unknown[] = [];
    const providers: TokenProvider[] = [provider];
    const [first] = tokens as [AccessToken];
    const echo = (extra: Record<string, unknown> = {}) => ({
      error: 'invalid_grant',
      error_description: `password ${PASSWORD} and refresh token ${first.refreshToken} refused`,
      access_token: first.value,
      refresh_token: first.refreshToken,
      ...extra,
    });
    /** Fails the next renewal (refresh, then login) with these answers; collects the error. */
    const failRenewal = async (refresh: Fault, login: Fault) => {
      clock.advance(HOUR);
      mock.server.fail('refresh', refresh, 1);
      mock.server.fail('login', login, 1);
      errors.push(await rejection(provider.getToken()));
    };

    // Renewals of a provider holding a token: refresh and login fallback both refused.
    await failRenewal({ type: 'status', status: 400, body: echo() }, { type: 'status', status: 401, body: echo() }); // INVALID_CREDENTIALS
    await failRenewal(
      { type: 'status', status: 200, body: echo({ access_token: 42 }) },
      { type: 'status', status: 400, body: echo({ password: [`'${PASSWORD}' is not valid`] }) },
    ); // INVALID_REQUEST
    await failRenewal(
      { type: 'status', status: 429, body: echo(), headers: { 'retry-after': '1' } },
      { type: 'network' },
    ); // RATE_LIMITED
    await failRenewal({ type: 'status', status: 503, body: echo() }, { type: 'network' }); // PROVIDER_UNAVAILABLE
    await failRenewal({ type: 'network' }, { type: 'network' }); // PROVIDER_UNAVAILABLE (network)
    await failRenewal(
      { type: 'status', status: 200, body: `not json ${PASSWORD} ${first.refreshToken}` },
      { type: 'status', status: 200, body: `<html>${PASSWORD}</html>`, headers: { 'content-type': 'text/html' } },
    ); // UNEXPECTED_RESPONSE
    clock.advance(HOUR);
    tokens.push(await provider.getToken()); // recovered: a rotated pair, also secret

    // Cold providers: a wrong password, a renewal timeout, an aborted caller.
    const wrong = cold({ password: WRONG_PASSWORD });
    mock.server.fail('login', { type: 'status', status: 401, body: echo({ detail: `bad ${WRONG_PASSWORD}` }) }, 1);
    errors.push(await rejection(wrong.getToken()));
    const slow = cold({}, { renewalTimeoutMs: 50 });
    mock.server.fail('login', { type: 'delay', ms: 300 }, 2);
    errors.push(await rejection(slow.getToken())); // PROVIDER_UNAVAILABLE (timed out)
    errors.push(await rejection(cold().getToken({ signal: AbortSignal.timeout(20) })));
    providers.push(wrong, slow);

    // Through withAuth and ky hooks: the token request fails, the API is never called.
    const failing = cold({ password: WRONG_PASSWORD });
    errors.push(await rejection(withAuth(failing)(mock.protectedUrl, { method: 'POST', body: PASSWORD })));
    errors.push(await rejection(ky.create({ hooks: authHooks(failing), retry: 0 }).get(mock.protectedUrl)));

    // Config errors carrying the password in the password field, a typo'd key and the base URL.
    errors.push(
      thrown(() =>
        acme({ baseUrl: 'http://evil.test', username: '', password: PASSWORD, passwrod: PASSWORD } as never),
      ),
      thrown(() => acme({ baseUrl: `https://user:${PASSWORD}@api.acme.test`, username: 'u', password: PASSWORD })),
      thrown(() => createProvider({ provider: 'nope', password: PASSWORD }, { providers: [acme] })),
      thrown(() => acme({ baseUrl: 'https://api.acme.test', username: 'u', password: [PASSWORD] as never })),
    );

    expect(errors.every(isAuthError)).toBe(true);
    const codes = new Set(errors.map((error) => (isAuthError(error) ? error.code : 'untyped')));
    expect([...codes].sort()).toEqual(Object.values(AuthErrorCodes).sort());
    expect(events.some((event) => event.type === 'renewal-failed')).toBe(true);

    const requested = mock.server.requests.flatMap((request) => Object.values(request.body as Record<string, unknown>));
    const secrets = [
      PASSWORD,
      WRONG_PASSWORD,
      ...tokens.flatMap((token) => [token.value, token.refreshToken]),
      ...requested.filter((value): value is string => typeof value === 'string' && value.startsWith('ey')),
    ];
    expect(secrets.length).toBeGreaterThan(5);
    expect(secretsIn(exposedText({ errors, events, providers }), secrets)).toEqual([]);
  });
});

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = fileURLToPath(new URL('../../cli/src/cli.ts', import.meta.url));

interface CliRun {
  name: string;
  provider: 'masters-india' | 'union-service';
  command?: string[];
  env?: Record<string, string>;
  setup?: (emulator: Emulator) => void;
  /** The code of the one-line error, or 0 for success. */
  expected: string | 0;
}

/** Runs the CLI as a process (`node --import tsx packages/cli/src/cli.ts …`) against its own emulator. */
async function runCli(run: CliRun) {
  const emulator = await startEmulator({ password: PASSWORD });
  try {
    run.setup?.(emulator);
    const mock = run.provider === 'masters-india' ? emulator.mastersIndia : emulator.unionService;
    const env = {
      PATH: process.env.PATH ?? '',
      AUTHWIRE_PROVIDER: run.provider,
      AUTHWIRE_BASE_URL: emulator.url,
      AUTHWIRE_USERNAME: mock.server.username,
      AUTHWIRE_PASSWORD: PASSWORD,
      ...run.env,
    };
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', cli, ...(run.command ?? ['token'])],
        { cwd: root, env, timeout: 15_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    const issued = mock.server.requests.flatMap((request) => Object.values(request.body as Record<string, unknown>));
    return { ...result, issued: issued.filter((value): value is string => typeof value === 'string') };
  } finally {
    await emulator.close();
  }
}

const echoPassword = (status: number): Extract<Fault, { type: 'status' }> => ({
  type: 'status',
  status,
  body: { password: [`'${PASSWORD}' is not valid`], detail: `login of ${PASSWORD} refused`, error: PASSWORD },
});

const CLI_RUNS: CliRun[] = [
  {
    name: 'masters-india: wrong password',
    provider: 'masters-india',
    env: { AUTHWIRE_PASSWORD: WRONG_PASSWORD },
    expected: 'INVALID_CREDENTIALS',
  },
  {
    name: 'masters-india: 400 echoing the password',
    provider: 'masters-india',
    setup: (e) => e.mastersIndia.server.fail('login', echoPassword(400)),
    expected: 'INVALID_REQUEST',
  },
  {
    name: 'masters-india: 200 HTML echoing the password',
    provider: 'masters-india',
    setup: (e) => e.mastersIndia.server.fail('login', { type: 'status', status: 200, body: `<p>${PASSWORD}</p>` }),
    expected: 'UNEXPECTED_RESPONSE',
  },
  {
    name: 'union-service: wrong password',
    provider: 'union-service',
    env: { AUTHWIRE_PASSWORD: WRONG_PASSWORD },
    expected: 'INVALID_CREDENTIALS',
  },
  {
    name: 'union-service: 500 ProblemDetails echoing the password',
    provider: 'union-service',
    setup: (e) => e.unionService.server.fail('login', echoPassword(500)),
    expected: 'PROVIDER_UNAVAILABLE',
  },
  {
    name: 'union-service: 429 echoing the password',
    provider: 'union-service',
    setup: (e) => e.unionService.server.fail('login', { ...echoPassword(429), headers: { 'retry-after': '5' } }),
    expected: 'RATE_LIMITED',
  },
  {
    name: 'union-service: an http: base URL that is not loopback',
    provider: 'union-service',
    env: { AUTHWIRE_BASE_URL: `http://user:${PASSWORD}@union.example.com` },
    expected: 'CONFIG_INVALID',
  },
  { name: 'masters-india: header (success)', provider: 'masters-india', command: ['header'], expected: 0 },
];

describe.skipIf(!existsSync(cli))('secrets audit: the CLI (a process, against the emulator)', () => {
  it('no output of an error path shows the password or a token; success prints only the token', async () => {
    // Two processes at a time: each compiles the CLI with tsx, and the machine has two cores.
    const results: Awaited<ReturnType<typeof runCli>>[] = [];
    for (let at = 0; at < CLI_RUNS.length; at += 2)
      results.push(...(await Promise.all(CLI_RUNS.slice(at, at + 2).map(runCli))));
    for (const [index, result] of results.entries()) {
      const run = CLI_RUNS[index] as CliRun;
      if (run.expected === 0) {
        expect(result.code, run.name).toBe(0);
        expect(result.stdout, run.name).toMatch(/^JWT eyJ[\w.-]+\n$/);
      } else {
        expect(result.code, run.name).toBe(1);
        expect(result.stdout, run.name).toBe('');
        expect(result.stderr, run.name).toMatch(new RegExp(`^authwire: ${run.expected}: [^\\n]+\\n$`));
      }
      const shown = run.expected === 0 ? result.stderr : `${result.stdout}${result.stderr}`;
      expect(secretsIn(shown, [PASSWORD, WRONG_PASSWORD, ...result.issued]), run.name).toEqual([]);
      // The password also never reaches stdout on success (the token does, as asked).
      expect(secretsIn(result.stdout, [PASSWORD]), run.name).toEqual([]);
    }
  }, 40_000);
});

describe('secrets audit: core, a transport error quoting what it failed to send', () => {
  it('a custom fetch rejecting with the request body in its message and causes shows no secret anywhere', async () => {
    const password = `Zq7"quote\\back-${randomUUID()}`;
    const issued = { access: `opaque-access-${randomUUID()}`, refresh: `opaque-refresh-${randomUUID()}` };
    // Logs in once; otherwise fails as a transport may: quoting the body as sent (JSON), and the
    // body it logged for a retry (JSON-escaped once more), in a cause with a code.
    let logins = 0;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const body = await request.text();
      if (request.url.endsWith('/oauth/token') && logins++ === 0) {
        return Response.json({ access_token: issued.access, expires_in: 3600, refresh_token: issued.refresh });
      }
      throw new TypeError(`fetch failed while sending ${body}`, {
        cause: new Error(`socket closed; logged body ${JSON.stringify(body)}`),
      });
    };
    const clock = fakeClock(Date.parse('2026-11-22T08:00:00Z'));
    const make = (username: string) =>
      acme(
        { baseUrl: 'https://api.acme.test', username, password },
        { fetch, clock, store: createMemoryStore(), retry: { limit: 0 } },
      );
    const holder = make('u');
    await holder.getToken(); // the one login that works
    const failing = make('demo@example.com');
    const errors = [await rejection(failing.getToken())]; // a login fails, quoting the password
    clock.advance(HOUR);
    errors.push(await rejection(holder.getToken())); // a refresh fails, quoting the refresh token
    const providers = [holder, failing];

    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(isAuthError(error) && error.code).toBe('PROVIDER_UNAVAILABLE');
      expect(isAuthError(error) && error.message).toMatch(
        /^acme: token request failed: socket closed; logged body "\{/,
      );
      expect(isAuthError(error) && error.message).toContain('[redacted]');
    }
    const text = exposedText({ errors, providers });
    const escaped = JSON.stringify(password).slice(1, -1);
    const secrets = [password, escaped, JSON.stringify(escaped).slice(1, -1), issued.access, issued.refresh];
    expect(secretsIn(text, secrets)).toEqual([]);
    expect(text).toContain('fetch failed while sending {'); // the cause chain is kept, redacted
  });
});

describe('secrets audit: core, an adapter that names its own secret in what it throws', () => {
  it('an Error, its cause, and an AuthError built by the adapter reach callers redacted', async () => {
    const password = `PW-${randomUUID()}`;
    const throwers: (() => unknown)[] = [
      () => new Error(`cannot log in as admin with ${password}`, { cause: new Error(`tried "${password}"`) }),
      () => new AuthError('INVALID_CREDENTIALS', `acme: ${password} refused`, { provider: 'acme' }),
      () => ({ toString: () => `a thrown object holding ${password}` }),
    ];
    for (const make of throwers) {
      const thrower = defineProvider({
        name: 'thrower',
        configSchema: v.object({ password: v.string() }),
        secretFields: ['password'],
        createAdapter: () => ({
          baseUrl: 'https://thrower.test',
          account: randomUUID(),
          async login() {
            throw make();
          },
        }),
      });
      const events: AuthEvent[] = [];
      const provider = thrower({ password }, { onEvent: (event) => events.push(event) });
      const error = await rejection(provider.getToken());
      expect(isAuthError(error)).toBe(true);
      const text = exposedText({ errors: [error], events, providers: [provider] });
      expect(secretsIn(text, [password])).toEqual([]);
      expect(text).toContain('[redacted]');
    }
  });
});
