/**
 * Origin safety: a token reaches only the origins of its provider — not a foreign origin, not
 * another port or scheme of the same host, not a lookalike host, not the target of a redirect
 * from an allowed origin (real loopback servers, real fetch and ky) — and a foreign origin cannot
 * make authwire throw its token away. Token requests never follow a redirect, so the password
 * is never sent again elsewhere. Base URLs are `https:`, or `http:` on loopback hosts only, and
 * never carry credentials.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';
import ky from 'ky';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  authHooks,
  createMemoryStore,
  createProvider,
  isAuthError,
  type TokenProvider,
  withAuth,
} from '../src/index.js';
import { acme } from './fixtures/acme.js';
import { thrown } from './fixtures/setup.js';

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

/** A loopback HTTP server that records what it receives. */
async function listen(host: string, handle: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
      handle(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return { seen, origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const PASSWORD = 'pw-origin-safety-5d7e';
let issued = 0;
let current = '';
let allowed: Awaited<ReturnType<typeof listen>>;
let foreign: Awaited<ReturnType<typeof listen>>;
let samePortless: Awaited<ReturnType<typeof listen>>;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  // The foreign origin: another host (localhost vs 127.0.0.1) and port. It answers 401 on /401.
  foreign = await listen('localhost', (req, _body, res) =>
    json(res, req.url === '/401' ? 401 : 200, { foreign: true }),
  );
  // The same host on another port: another origin too.
  samePortless = await listen('127.0.0.1', (_req, _body, res) => json(res, 200, { other: true }));
  // The allowed origin: acme's token endpoints, an API that checks the token, and redirects.
  allowed = await listen('127.0.0.1', (req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/oauth/token' || url.pathname === '/oauth/refresh') {
      issued += 1;
      current = `token-${issued}`;
      return json(res, 200, { access_token: current, expires_in: 3600, refresh_token: `refresh-${issued}` });
    }
    if (url.pathname === '/api') {
      const ok = req.headers.authorization === `Bearer ${current}`;
      return json(res, ok ? 200 : 401, { ok });
    }
    // A token endpoint that redirects elsewhere, as a misconfigured or hostile proxy would.
    const bounce = /^\/bounce\/(\d{3})\/oauth\/token$/.exec(url.pathname);
    if (bounce) {
      res.writeHead(Number(bounce[1]), { location: `${foreign.origin}/collect` });
      return res.end();
    }
    const redirect = /^\/redirect\/(\d{3})$/.exec(url.pathname);
    if (redirect) {
      res.writeHead(Number(redirect[1]), { location: url.searchParams.get('to') ?? '/' });
      return res.end();
    }
    json(res, 404, {});
  });
});

afterAll(async () => {
  await Promise.all([allowed?.close(), foreign?.close(), samePortless?.close()]);
});

beforeEach(() => {
  for (const server of [allowed, foreign, samePortless]) server.seen.length = 0;
});

function provider(): TokenProvider {
  return acme({ baseUrl: allowed.origin, username: 'u', password: PASSWORD }, { store: createMemoryStore() });
}

const tokenCalls = () => allowed.seen.filter((seen) => seen.path.startsWith('/oauth/')).length;

describe('redirects from an allowed origin to a foreign one', () => {
  const clients = {
    withAuth: (p: TokenProvider) => async (url: string, init?: RequestInit) => (await withAuth(p)(url, init)).status,
    'withAuth (a Request)': (p: TokenProvider) => async (url: string, init?: RequestInit) =>
      (await withAuth(p)(new Request(url, init))).status,
    'authHooks (ky)': (p: TokenProvider) => async (url: string, init?: RequestInit) => {
      const api = ky.create({ hooks: authHooks(p), retry: 0, throwHttpErrors: false });
      return (await api(url, { method: init?.method ?? 'GET', body: init?.body ?? null })).status;
    },
  };

  describe.each(Object.entries(clients))('%s', (_name, client) => {
    it.each([301, 302, 303, 307, 308])(
      'a %i to a foreign origin arrives there without Authorization',
      async (status) => {
        const send = client(provider());
        const to = `${foreign.origin}/landed`;
        const method = status >= 307 ? 'POST' : 'GET';
        const init = method === 'POST' ? { method, body: 'payload' } : { method };
        expect(await send(`${allowed.origin}/redirect/${status}?to=${encodeURIComponent(to)}`, init)).toBe(200);
        expect(allowed.seen.find((seen) => seen.path.startsWith('/redirect'))?.authorization).toMatch(/^Bearer token-/);
        expect(foreign.seen).toHaveLength(1);
        expect(foreign.seen[0]?.authorization).toBeUndefined();
      },
    );

    it('a redirect to the same host on another port arrives there without Authorization', async () => {
      const send = client(provider());
      const to = `${samePortless.origin}/landed`;
      expect(await send(`${allowed.origin}/redirect/307?to=${encodeURIComponent(to)}`)).toBe(200);
      expect(samePortless.seen.map((seen) => seen.authorization)).toEqual([undefined]);
    });

    it('a redirect within the allowed origin keeps the token', async () => {
      const send = client(provider());
      expect(await send(`${allowed.origin}/redirect/302?to=/api`)).toBe(200);
      expect(allowed.seen.at(-1)).toMatchObject({ path: '/api', authorization: expect.stringMatching(/^Bearer /) });
    });

    it("a foreign origin's 401 after a redirect does not throw the token away (no renewal, no replay)", async () => {
      const p = provider();
      const send = client(p);
      await p.getToken();
      const before = tokenCalls();
      const to = `${foreign.origin}/401`;
      for (let i = 0; i < 3; i++) {
        expect(await send(`${allowed.origin}/redirect/302?to=${encodeURIComponent(to)}`)).toBe(401);
      }
      expect(tokenCalls() - before, 'renewals caused by a foreign 401').toBe(0);
      expect(foreign.seen.map((seen) => seen.authorization)).toEqual([undefined, undefined, undefined]);
    });
  });
});

describe('direct requests: the token goes to the allowed origin only', () => {
  const targets = [
    ['the allowed origin', 'https://api.acme.test/x', true],
    ['the allowed origin, host in capitals', 'https://API.ACME.test/x', true],
    ['the allowed origin, default port spelled out', 'https://api.acme.test:443/x', true],
    ['another port', 'https://api.acme.test:8443/x', false],
    ['http: instead of https:', 'http://api.acme.test/x', false],
    ['a subdomain', 'https://eu.api.acme.test/x', false],
    ['a lookalike suffix', 'https://api.acme.test.evil.example/x', false],
    ['a lookalike with a dash', 'https://api-acme.test/x', false],
    ['userinfo that looks like the host', 'https://api.acme.test@evil.example/x', false],
    ['a trailing dot', 'https://api.acme.test./x', false],
    ['a homograph (Cyrillic а)', 'https://\u0430pi.acme.test/x', false],
    ['the host in the path', 'https://evil.example/https://api.acme.test/x', false],
    ['another scheme', 'ws://api.acme.test/x', false],
  ] as const;

  /** A transport that records the Authorization of each request instead of sending it. */
  function recorder() {
    const seen: [string, string | null][] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push([request.url, request.headers.get('authorization')]);
      return new Response('{}', { status: 200 });
    };
    return { seen, fetch };
  }

  it.each(targets)('withAuth: %s (%s) → token: %s', async (_label, url, carries) => {
    const { seen, fetch } = recorder();
    const api = withAuth(provider(), { origins: ['https://api.acme.test'], fetch });
    const sent = await api(url).then(
      () => true,
      () => false,
    );
    if (!sent) return expect(carries).toBe(false); // a URL fetch refuses outright carries nothing either
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[1] !== null).toBe(carries);
  });

  it.each(
    targets.flatMap(([label, url, carries]) => [
      [label, 'a URL object', url, carries, () => new URL(url)] as const,
      [label, 'a Request', url, carries, () => new Request(url)] as const,
    ]),
  )('withAuth: %s, as %s (%s) → token: %s', async (_label, _form, _url, carries, input) => {
    const { seen, fetch } = recorder();
    const api = withAuth(provider(), { origins: ['https://api.acme.test'], fetch });
    // Some URLs make no Request at all (userinfo): nothing is sent then either.
    const sent = await Promise.resolve()
      .then(() => api(input()))
      .then(
        () => true,
        () => false,
      );
    if (!sent) return expect(carries).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[1] !== null).toBe(carries);
  });

  it.each(targets)('authHooks: %s (%s) → token: %s', async (_label, url, carries) => {
    const { seen, fetch } = recorder();
    const api = ky.create({ hooks: authHooks(provider(), { origins: ['https://api.acme.test'] }), fetch, retry: 0 });
    // ky refuses some URLs (userinfo) synchronously: nothing is sent then either.
    const sent = await Promise.resolve()
      .then(() => api.get(url))
      .then(
        () => true,
        () => false,
      );
    if (!sent) return expect(carries).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[1] !== null).toBe(carries);
  });

  it('the default origins are the provider origins: no token to a foreign loopback port', async () => {
    const api = withAuth(provider());
    await api(`${foreign.origin}/x`);
    await api(`${samePortless.origin}/x`);
    expect([...foreign.seen, ...samePortless.seen].map((seen) => seen.authorization)).toEqual([undefined, undefined]);
    expect(tokenCalls()).toBe(0); // not even a login: no token was needed
  });
});

describe('authHooks: a foreign 401 never throws the token away', () => {
  it('not even when a later hook of the caller sent the request to the foreign origin', async () => {
    const p = provider();
    const hooks = authHooks(p);
    const token = await p.getToken();
    const before = tokenCalls();
    const elsewhere = (request: Request) => new Request(`${foreign.origin}/401`, request);
    const api = ky.create({
      retry: 0,
      throwHttpErrors: false,
      hooks: { ...hooks, beforeRequest: [...(hooks.beforeRequest ?? []), elsewhere] },
    });
    expect((await api.get(`${allowed.origin}/api`)).status).toBe(401);
    // The caller's own hook chose to send the token there; its answer says nothing about the token.
    expect(foreign.seen.map((seen) => seen.authorization)).toEqual([`Bearer ${token.value}`]);
    expect(tokenCalls() - before, 'renewals caused by a foreign 401').toBe(0);
    expect((await p.getToken()).value).toBe(token.value);
  });
});

describe('token requests never follow a redirect', () => {
  it.each([301, 302, 307, 308])(
    'a %i from the token endpoint is UNEXPECTED_RESPONSE; the password stays home',
    async (status) => {
      const p = acme(
        { baseUrl: `${allowed.origin}/bounce/${status}`, username: 'u', password: PASSWORD },
        { store: createMemoryStore(), retry: { limit: 0 } },
      );
      const error = await p.getToken().catch((e: unknown) => e);
      expect(isAuthError(error) && { code: error.code, status: error.status }).toEqual({
        code: 'UNEXPECTED_RESPONSE',
        status,
      });
      expect(allowed.seen.map((seen) => seen.body)).toEqual([JSON.stringify({ username: 'u', password: PASSWORD })]);
      expect(foreign.seen, 'nothing reached the foreign origin').toEqual([]);
    },
  );
});

describe('base URLs', () => {
  const factories = [
    ['acme', (baseUrl: string) => acme({ baseUrl, username: 'u', password: PASSWORD })],
    ['masters-india', (baseUrl: string) => mastersIndia({ baseUrl, username: 'u', password: PASSWORD })],
    ['union-service', (baseUrl: string) => unionService({ baseUrl, username: 'u', password: PASSWORD })],
    [
      'createProvider',
      (baseUrl: string) =>
        createProvider(
          { provider: 'union-service', baseUrl, username: 'u', password: PASSWORD },
          { providers: [mastersIndia, unionService] },
        ),
    ],
  ] as const;

  const code = (build: () => unknown) => {
    try {
      build();
      return 'ok';
    } catch (error) {
      return isAuthError(error) ? error.code : `untyped ${String(error)}`;
    }
  };

  it.each(factories)('%s: https: anywhere; http: only on loopback hosts', (_name, make) => {
    for (const url of ['https://api.example.com', 'http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9']) {
      expect(
        code(() => make(url)),
        url,
      ).toBe('ok');
    }
    for (const url of [
      'http://api.example.com',
      'http://10.0.0.1',
      'http://0.0.0.0:8080',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io',
      'http://[::ffff:127.0.0.1]',
      'ftp://api.example.com',
      'file:///etc/passwd',
    ]) {
      expect(
        code(() => make(url)),
        url,
      ).toBe('CONFIG_INVALID');
    }
  });

  it.each(factories)('%s: credentials in the base URL are refused, and never echoed', (_name, make) => {
    for (const url of [`https://user:${PASSWORD}@api.example.com`, `http://user:${PASSWORD}@127.0.0.1:8080`]) {
      const error = thrown(() => make(url));
      expect(isAuthError(error) && error.code, url).toBe('CONFIG_INVALID');
      expect(String((error as Error).message)).toContain('baseUrl');
      expect(String((error as Error).message)).not.toContain(PASSWORD);
    }
  });
});
