/**
 * DESIGN invariant 11 and "Stores": the engine validates every entry a store returns, bounds every
 * store call by a timeout, and never lets a store's garbage or silence reach a caller — through
 * HTTP (msw), with stores that misbehave on purpose (a store is input, not code under test).
 */
import { describe, expect, it } from 'vitest';
import { type AuthEvent, type StoredToken, type TokenStore, withAuth } from '../src/index.js';
import { acmeSetup, useMsw } from './fixtures/setup.js';

const server = useMsw();

/** A store whose `get` answers `value` whatever was set, and that accepts (and forgets) writes. */
const answering = (value: unknown): TokenStore => ({
  get: async () => value as StoredToken,
  set: async () => undefined,
  delete: async () => undefined,
});

const never = () => new Promise<never>(() => undefined);

const garbage: [string, unknown][] = [
  ['an empty object', {}],
  ['a string', 'eyJhbGciOi.eyJzdWIi.sig'],
  ['a number', 42],
  ['an array', [1, 2]],
  ['a null token', { token: null, obtainedAt: 1, version: 1 }],
  ['a numeric token value', { token: { value: 42, scheme: 'JWT', expiresAt: 9e15 }, obtainedAt: 1, version: 1 }],
  [
    'a header-unsafe value',
    { token: { value: 'a b\r\nX-Evil: 1', scheme: 'JWT', expiresAt: 9e15 }, obtainedAt: 1, version: 1 },
  ],
  ['a header-unsafe scheme', { token: { value: 'abc', scheme: 'JWT\n', expiresAt: 9e15 }, obtainedAt: 1, version: 1 }],
  ['no version', { token: { value: 'abc', scheme: 'Bearer', expiresAt: 9e15 }, obtainedAt: 1 }],
  [
    'a version that is not a counter',
    { token: { value: 'abc', scheme: 'Bearer', expiresAt: 9e15 }, obtainedAt: 1, version: 'x' },
  ],
  ['a string expiry', { token: { value: 'abc', scheme: 'Bearer', expiresAt: '9e15' }, obtainedAt: 1, version: 1 }],
  ['a null-prototype object', Object.assign(Object.create(null), { token: 1 })],
];

describe('entries a store returns are validated before use', () => {
  it.each(garbage)(
    '%s is ignored with a store-error event: the provider logs in and sends its own token',
    async (_, value) => {
      const { make, calls, mock, events } = acmeSetup(server);
      const provider = make({}, { store: answering(value) });
      const response = await withAuth(provider)(mock.protectedUrl);
      expect(response.status).toBe(200); // the mock accepts only the token it issued
      expect(calls.login).toBe(1);
      const storeErrors = events.filter((event) => event.type === 'store-error');
      expect(storeErrors).toEqual([
        expect.objectContaining({ operation: 'get', message: expect.stringContaining('invalid entry') }),
      ]);
    },
  );

  it('a header-unsafe stored token is never sent, even with a valid shape otherwise', async () => {
    const { make, mock } = acmeSetup(server);
    const provider = make({}, { store: answering(garbage[6]?.[1]) });
    const headers: string[] = [];
    const api = withAuth(provider, {
      fetch: async (input, init) => {
        headers.push(new Headers(init?.headers).get('authorization') ?? '');
        return fetch(input, init);
      },
    });
    await api(mock.protectedUrl);
    expect(headers).toHaveLength(1);
    expect(headers[0]).toMatch(/^Bearer [\x21-\x7e]+$/);
    expect(headers[0]).not.toContain('Evil');
  });
});

describe('every store call is bounded by storeTimeoutMs', () => {
  const cases: [string, Partial<TokenStore>][] = [
    ['get', { get: never }],
    ['set', { set: never }],
    ['get and set', { get: never, set: never }],
  ];
  it.each(cases)(
    'a store whose %s never settles: getToken logs in and answers, reporting store-error',
    async (_, broken) => {
      const { make, calls, events } = acmeSetup(server);
      const store: TokenStore = { ...answering(undefined), ...broken };
      const provider = make({}, { store, storeTimeoutMs: 50 });
      const token = await provider.getToken();
      expect(token.scheme).toBe('Bearer');
      expect(calls.login).toBe(1);
      const operations = events
        .filter((e) => e.type === 'store-error')
        .map((e) => (e as { operation: string }).operation);
      expect(operations.sort()).toEqual(Object.keys(broken).sort());
    },
  );

  it('a store whose delete never settles: invalidate resolves, and the replay still happens', async () => {
    const { make, calls, mock, events } = acmeSetup(server);
    const provider = make({}, { store: { ...answering(undefined), delete: never }, storeTimeoutMs: 50 });
    await provider.getToken();
    mock.server.revokeAccessTokens();
    const response = await withAuth(provider)(mock.protectedUrl);
    expect(response.status).toBe(200);
    expect(calls.login + calls.refresh).toBe(2);
    expect(events.some((e) => e.type === 'store-error' && e.operation === 'delete')).toBe(true);
  });

  it('a lock that never settles is given up after its TTL; the renewal then goes on unlocked', async () => {
    const { make, calls, events } = acmeSetup(server);
    const store: TokenStore = { ...answering(undefined), lock: never };
    // The lock's TTL is renewalTimeoutMs + 5 s: a short renewal timeout keeps the wait short.
    const provider = make({}, { store, storeTimeoutMs: 50, renewalTimeoutMs: 100 });
    const token = await provider.getToken();
    expect(token.scheme).toBe('Bearer');
    expect(calls.login).toBe(1);
    expect(events.filter((e) => e.type === 'store-error').map((e) => (e as { operation: string }).operation)).toEqual([
      'lock',
    ]);
  }, 20_000);

  it('a lock that answers something other than a release function is reported and skipped', async () => {
    const { make, calls, events } = acmeSetup(server);
    const store = { ...answering(undefined), lock: async () => 'not a function' } as unknown as TokenStore;
    const provider = make({}, { store });
    await provider.getToken();
    expect(calls.login).toBe(1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'store-error', operation: 'lock' }));
  });

  it('a store that throws synchronously is reported, never thrown', async () => {
    const { make, calls, events } = acmeSetup(server);
    const boom = () => {
      throw new TypeError('store exploded');
    };
    const store = { get: boom, set: boom, delete: boom, lock: boom } as unknown as TokenStore;
    const provider = make({}, { store });
    await provider.getToken();
    expect(calls.login).toBe(1);
    const seen = events.filter((e): e is Extract<AuthEvent, { type: 'store-error' }> => e.type === 'store-error');
    expect(seen.map((e) => e.operation).sort()).toEqual(['get', 'lock', 'set']);
  });
});

describe('store errors are reported without secrets', () => {
  it('a store whose set fails quoting the entry it was given reports store-error with the tokens redacted', async () => {
    const { make, events } = acmeSetup(server);
    const store: TokenStore = {
      ...answering(undefined),
      async set(_key, entry) {
        throw new Error(`cannot write ${JSON.stringify(entry)}`);
      },
    };
    const provider = make({}, { store });
    const token = await provider.getToken();
    const reported = events.filter((e) => e.type === 'store-error');
    expect(reported).toEqual([
      expect.objectContaining({ operation: 'set', message: expect.stringContaining('cannot write') }),
    ]);
    const text = JSON.stringify(reported);
    expect(text).not.toContain(token.value);
    expect(text).not.toContain(token.refreshToken);
  });
});
