/**
 * DESIGN invariant 9: a token is served only to providers holding the credentials that obtained
 * it — in memory and through every shared store — and nothing a store holds lets anyone recover
 * the password cheaply. The multi-tenant case end to end, over HTTP (msw), for each store that
 * lives in core (memory, file); the Redis store has the same test in packages/redis/test/redis-store.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuthEvent,
  createMemoryStore,
  isAuthError,
  sharedMemoryStore,
  type TokenStore,
  withAuth,
} from '../src/index.js';
import { createFileStore } from '../src/node/index.js';
import { acme } from './fixtures/acme.js';
import { acmeSetup, HOUR, useMsw } from './fixtures/setup.js';

const server = useMsw();

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'authwire-credentials-'));
  dirs.push(dir);
  return dir;
};

/**
 * How each store is shared: `first` and `second` are the stores two tenants' providers get. For
 * the memory store that is one store (one process); for the file store two store objects over
 * one directory (two processes).
 */
const stores: {
  name: string;
  make: () => Promise<{ first: TokenStore; second: TokenStore; raw: () => Promise<string> }>;
}[] = [
  {
    name: 'the process-wide memory store (default)',
    make: async () => ({ first: sharedMemoryStore(), second: sharedMemoryStore(), raw: async () => '' }),
  },
  {
    name: 'an isolated memory store shared by both',
    make: async () => {
      const store = createMemoryStore();
      return { first: store, second: store, raw: async () => '' };
    },
  },
  {
    name: 'the file store (two processes, one directory)',
    make: async () => {
      const path = await tempDir();
      const raw = async () => {
        const files = (await readdir(path)).filter((name) => name.endsWith('.json'));
        return (await Promise.all(files.map((name) => readFile(join(path, name), 'utf8')))).join('\n');
      };
      return { first: createFileStore({ path }), second: createFileStore({ path }), raw };
    },
  },
];

// A distinct username per test: the process-wide memory store outlives each test.
let accounts = 0;

describe.each(stores)('invariant 9, multi-tenant: $name', ({ make }) => {
  it('a provider with a wrong password for the same username never gets the token: it logs in itself and fails', async () => {
    const username = `tenant-${++accounts}@example.com`;
    const { mock, clock } = acmeSetup(server, { username });
    const { first, second } = await make();
    const owner = acme(mock.config() as Parameters<typeof acme>[0], { clock, store: first, retry: { limit: 0 } });
    const token = await owner.getToken();

    const events: AuthEvent[] = [];
    const intruder = acme(mock.config({ password: 'guessed-wrong' }) as Parameters<typeof acme>[0], {
      clock,
      store: second,
      retry: { limit: 0 },
      onEvent: (event) => events.push(event),
    });
    const before = mock.server.requests.length;
    const error = await intruder.getToken().catch((e: unknown) => e);
    expect(isAuthError(error) && error.code).toBe('INVALID_CREDENTIALS');
    // forceRefresh must not renew through the owner's refresh token either.
    const forced = await intruder.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(isAuthError(forced) && forced.code).toBe('INVALID_CREDENTIALS');
    const sent = mock.server.requests.slice(before);
    expect(sent.map((request) => request.url.replace(mock.baseUrl, ''))).toEqual(['/oauth/token', '/oauth/token']);
    expect(sent.every((request) => (request.body as { password?: string }).password === 'guessed-wrong')).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(token.value);

    // Its fetch never carries the owner's token either.
    const seen: (string | null)[] = [];
    const api = withAuth(intruder, {
      fetch: async (input, init) => {
        seen.push(
          new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('authorization'),
        );
        return new Response('{}');
      },
    });
    await expect(api(mock.protectedUrl)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(seen).toEqual([]);

    // The owner is untouched: same token, no upstream call.
    const ownerCalls = mock.server.requests.length;
    expect((await owner.getToken()).value).toBe(token.value);
    expect(mock.server.requests.length).toBe(ownerCalls);
  });

  it('a provider with the same credentials shares the token: no upstream call', async () => {
    const username = `tenant-${++accounts}@example.com`;
    const { mock, clock } = acmeSetup(server, { username });
    const { first, second } = await make();
    const options = { clock, retry: { limit: 0 } };
    const token = await acme(mock.config() as Parameters<typeof acme>[0], { ...options, store: first }).getToken();
    const calls = mock.server.requests.length;
    const twin = acme(mock.config() as Parameters<typeof acme>[0], { ...options, store: second });
    expect((await twin.getToken()).value).toBe(token.value);
    expect(mock.server.requests.length).toBe(calls);
  });

  it('two valid credentials for one account each keep their own token', async () => {
    const username = `tenant-${++accounts}@example.com`;
    const { mock, clock } = acmeSetup(server, { username });
    const { first, second } = await make();
    const a = acme(mock.config() as Parameters<typeof acme>[0], { clock, store: first, retry: { limit: 0 } });
    const tokenA = await a.getToken();
    // The server's password changes: a provider with the new one logs in and gets its own token.
    mock.server.password = 'rotated-password';
    const b = acme(mock.config() as Parameters<typeof acme>[0], { clock, store: second, retry: { limit: 0 } });
    const tokenB = await b.getToken();
    expect(tokenB.value).not.toBe(tokenA.value);
    expect(mock.server.calls.login).toBe(2);
    // A still serves its own, still-valid token without a call; B keeps its own too.
    expect((await a.getToken()).value).toBe(tokenA.value);
    expect((await b.getToken()).value).toBe(tokenB.value);
    expect(mock.server.calls.login).toBe(2);
  });

  it('what the store holds neither shows the password nor a fast hash of it', async ({ skip }) => {
    const { raw, first } = await make();
    const username = `tenant-${++accounts}@example.com`;
    const { mock, clock } = acmeSetup(server, { username });
    const password = mock.server.password;
    await acme(mock.config() as Parameters<typeof acme>[0], { clock, store: first, retry: { limit: 0 } }).getToken();
    const text = await raw();
    if (text === '') skip('an in-process store: nothing outside the process to read');
    expect(text).toContain('pbkdf2-sha256$100000$');
    const fast = ['md5', 'sha1', 'sha256', 'sha512'].flatMap((algorithm) =>
      ['hex', 'base64', 'base64url'].map((encoding) =>
        createHash(algorithm)
          .update(password)
          .digest(encoding as 'hex'),
      ),
    );
    for (const needle of [password, JSON.stringify(password), ...fast]) expect(text).not.toContain(needle);
  });
});

describe('invariant 9: binding survives renewal and expiry', () => {
  it('after the owner refreshes, a wrong-password provider on the same store still logs in itself', async () => {
    const { mock, clock, store } = acmeSetup(server);
    const owner = acme(mock.config() as Parameters<typeof acme>[0], { clock, store, retry: { limit: 0 } });
    await owner.getToken();
    clock.advance(HOUR - 1000);
    await owner.getToken(); // expired: refreshed
    expect(mock.server.calls.refresh).toBe(1);
    const intruder = acme(mock.config({ password: 'nope' }) as Parameters<typeof acme>[0], {
      clock,
      store,
      retry: { limit: 0 },
    });
    await expect(intruder.getToken()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(mock.server.calls.refresh).toBe(1);
  });
});
