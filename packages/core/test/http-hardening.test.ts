/**
 * Token requests against real loopback servers (node:http, node:https): one deadline per attempt
 * over headers and body (DESIGN.md invariant 11), network failures that say what happened,
 * `Retry-After` dates read on the server's clock (invariant 8), and headers fetch cannot send.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClock, freePort } from '@authwire/testing';
import { authErrorOf } from '@authwire-tooling/reliability';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createTokenProvider,
  headersSchema,
  isAuthError,
  type TokenProviderOptions,
  validateConfig,
} from '../src/index.js';
import { acme } from './fixtures/acme.js';
import { thrown } from './fixtures/setup.js';

const PASSWORD = 'pw-hardening-Q9z';
const DAY = 86_400_000;

interface Loopback {
  url: string;
  /** Requests received so far. */
  hits(): number;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: Server, scheme: 'http' | 'https', count: () => number): Promise<Loopback> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `${scheme}://127.0.0.1:${port}`, hits: count };
}

/** A real HTTP server on 127.0.0.1, closed after the test. */
async function loopback(handler: RequestListener): Promise<Loopback> {
  let hits = 0;
  const server = createHttpServer((req, res) => {
    hits += 1;
    req.resume();
    handler(req, res);
  });
  return listen(server, 'http', () => hits);
}

const tokenAnswer = JSON.stringify({ access_token: 'tok-hardening-1', expires_in: 3600 });

/** An acme provider on `baseUrl`, with its own store. */
const acmeAt = (baseUrl: string, options: TokenProviderOptions = {}) =>
  acme(
    { baseUrl, username: 'demo@example.com', password: PASSWORD },
    { store: createMemoryStore(), retry: { limit: 0 }, ...options },
  );

describe('invariant 11: one deadline over the whole attempt, body included', () => {
  // Renewal deadline far above the attempt's: only the per-attempt deadline can end these tests
  // before vitest's own timeout.
  const options: TokenProviderOptions = {
    requestTimeoutMs: 300,
    renewalTimeoutMs: 60_000,
    retry: { limit: 1, backoffMs: 1 },
  };

  it('a server that sends headers and then stalls its body: PROVIDER_UNAVAILABLE, timed out, retried', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token": "tok-');
    });
    const error = await authErrorOf(acmeAt(server.url, options).getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('acme: token request timed out after 300 ms');
    expect(server.hits()).toBe(2); // the attempt, and the one retry
  }, 10_000);

  it('a server that trickles its body a byte every 50 ms: the same, the trickle does not extend the deadline', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(' ');
      const trickle = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(trickle));
    });
    const error = await authErrorOf(acmeAt(server.url, options).getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('acme: token request timed out after 300 ms');
    expect(server.hits()).toBe(2);
  }, 10_000);

  it('a stalled body once, then a whole answer: the retry gets the token', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (server.hits() === 1) res.write('{');
      else res.end(tokenAnswer);
    });
    const token = await acmeAt(server.url, options).getToken();
    expect(token.value).toBe('tok-hardening-1');
    expect(server.hits()).toBe(2);
  }, 10_000);

  it('a body cut off by the server: PROVIDER_UNAVAILABLE saying so, with the status, retried', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"access_token": "tok-', () => res.destroy());
    });
    const error = await authErrorOf(acmeAt(server.url, options).getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toMatch(/^acme: token response was cut off: \S/);
    expect(error.status).toBe(200);
    expect(server.hits()).toBe(2);
  }, 10_000);
});

describe('network failures say what happened', () => {
  it('a closed port: connect ECONNREFUSED, in the message; the cause chain keeps the code', async () => {
    const port = await freePort();
    const error = await authErrorOf(acmeAt(`http://127.0.0.1:${port}`).getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe(`acme: token request failed: connect ECONNREFUSED 127.0.0.1:${port}`);
    const chain: unknown[] = [];
    for (let cause = error.cause; cause instanceof Error; cause = cause.cause) chain.push(cause);
    expect(chain.some((cause) => (cause as { code?: unknown }).code === 'ECONNREFUSED')).toBe(true);
  });

  it('an unknown host: getaddrinfo ENOTFOUND (the error undici rejects with, through a custom fetch)', async () => {
    // A real lookup of `.invalid` would query this machine's resolver, off the loopback: the
    // transport is replaced instead, rejecting exactly as Node's fetch does.
    const fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND host.invalid'), {
          errno: -3008,
          code: 'ENOTFOUND',
          syscall: 'getaddrinfo',
          hostname: 'host.invalid',
        }),
      });
    };
    const error = await authErrorOf(acmeAt('https://host.invalid', { fetch }).getToken());
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('acme: token request failed: getaddrinfo ENOTFOUND host.invalid');
  });

  it('every address refused (an AggregateError without a message, as happy eyeballs reports it)', async () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}:4010`), { code: 'ECONNREFUSED' });
    const fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new AggregateError([refused('::1'), refused('127.0.0.1')], ''), { code: 'ECONNREFUSED' }),
      });
    };
    const error = await authErrorOf(acmeAt('http://localhost:4010', { fetch }).getToken());
    expect(error.message).toBe(
      'acme: token request failed: connect ECONNREFUSED ::1:4010; connect ECONNREFUSED 127.0.0.1:4010',
    );
  });

  it('a TLS failure by its message and code (the error undici rejects with, through a custom fetch)', async () => {
    const fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }),
      });
    };
    const error = await authErrorOf(acmeAt('https://api.acme.test', { fetch }).getToken());
    expect(error.message).toBe('acme: token request failed: certificate has expired (CERT_HAS_EXPIRED)');
  });

  const hasOpenssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  // Skipped only on a machine without the openssl binary (it makes the expired certificate); the
  // test above, with undici's error shape, always runs.
  it.skipIf(!hasOpenssl)('a local https server with an expired certificate: certificate has expired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'authwire-tls-'));
    try {
      // A self-signed certificate valid for one day in 2020, signed by `openssl ca` (the only
      // OpenSSL 3.0 command that takes explicit dates).
      const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
      writeFileSync(join(dir, 'index.txt'), '');
      writeFileSync(join(dir, 'serial'), '01\n');
      writeFileSync(
        join(dir, 'ca.cnf'),
        '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n',
      );
      run(
        'req',
        '-new',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'csr.pem',
        '-subj',
        '/CN=127.0.0.1',
      );
      run(
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-selfsign',
        '-keyfile',
        'key.pem',
        '-in',
        'csr.pem',
        '-out',
        'cert.pem',
        '-startdate',
        '20200101000000Z',
        '-enddate',
        '20200102000000Z',
      );
      let hits = 0;
      const server = createHttpsServer(
        { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
        (_req, res) => {
          hits += 1;
          res.end(tokenAnswer);
        },
      );
      const tls = await listen(server, 'https', () => hits);
      const error = await authErrorOf(acmeAt(tls.url).getToken());
      expect(error.code).toBe('PROVIDER_UNAVAILABLE');
      expect(error.message).toBe('acme: token request failed: certificate has expired (CERT_HAS_EXPIRED)');
      expect(tls.hits()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("invariant 8: a Retry-After date is read on the server's clock", () => {
  const START = Date.parse('2026-11-22T08:00:00Z');

  /** A server whose clock is `skewMs` off the provider's, answering 429 with `retryAfter(serverNow)`. */
  async function rateLimited(skewMs: number, retryAfter: (serverNow: number) => string) {
    const clock = fakeClock(START);
    const server = await loopback((_req, res) => {
      const serverNow = clock.now() + skewMs;
      res.writeHead(429, {
        date: new Date(serverNow).toUTCString(),
        'retry-after': retryAfter(serverNow),
        'content-type': 'application/json',
      });
      res.end('{"error":"slow down"}');
    });
    return authErrorOf(acmeAt(server.url, { clock }).getToken());
  }

  const inAMinute = (serverNow: number) => new Date(serverNow + 60_000).toUTCString();

  it.each([
    ['3 days ahead', 3 * DAY],
    ['3 days behind', -3 * DAY],
    ['on time', 0],
  ])('a server %s asking for 60 s gets 60 s', async (_label, skewMs) => {
    const error = await rateLimited(skewMs, inAMinute);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('delta-seconds are unchanged by a skewed Date', async () => {
    const error = await rateLimited(3 * DAY, () => '60');
    expect(error.retryAfterMs).toBe(60_000);
  });
});

describe('headers fetch cannot send are CONFIG_INVALID, not a raw TypeError', () => {
  const VALUE = 'val-never-shown';

  /** A hand-built adapter sending `headers` with its login, to a server counting requests. */
  async function loginWith(headers: Record<string, string>) {
    const server = await loopback((_req, res) => res.end(tokenAnswer));
    const provider = createTokenProvider(
      {
        name: 'plain',
        origins: [server.url],
        cacheKey: `plain|${server.url}`,
        async login(ctx) {
          const res = await ctx.request(`${server.url}/token`, { headers, json: { grant: 'x' } });
          return { value: 'tok', scheme: 'Bearer', expiresAt: res.sentAt + 60_000 };
        },
      },
      { store: createMemoryStore(), retry: { limit: 0 } },
    );
    return { error: await authErrorOf(provider.getToken()), hits: server.hits() };
  }

  it.each([
    ['a non-Latin-1 character', `${VALUE} €`],
    ['a line break', `${VALUE}\r\nX-Injected: 1`],
    ['a NUL', `${VALUE}\u0000`],
    ['a control character that Headers accepts and the send refuses', `${VALUE}\u0001`],
  ])('a value with %s names the header, never the value, and sends nothing', async (_label, value) => {
    const { error, hits } = await loginWith({ Productid: value });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('headers.Productid');
    expect(error.message).not.toContain(VALUE);
    expect(hits).toBe(0);
  });

  it('headersSchema reports each bad header under its own path, never with its value', () => {
    const schema = v.object({ headers: headersSchema() });
    const error = thrown(() =>
      validateConfig('plain', schema, {
        headers: { Productid: `${VALUE} €`, Subid: 'ok', 'Bad Header': 'x', Mode: 1 },
      }),
    );
    expect(isAuthError(error) && error.code).toBe('CONFIG_INVALID');
    const message = isAuthError(error) ? error.message : '';
    for (const field of ['headers.Productid', 'headers.Bad Header', 'headers.Mode']) expect(message).toContain(field);
    expect(message).not.toContain('headers.Subid');
    expect(message).not.toContain(VALUE);
    expect(validateConfig('plain', schema, { headers: { Productid: 'caf\u00e9\tx' } })).toEqual({
      headers: { Productid: 'caf\u00e9\tx' },
    });
  });

  it('an invalid header name', async () => {
    const { error, hits } = await loginWith({ 'Bad Header': 'x' });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('Bad Header');
    expect(hits).toBe(0);
  });
});
