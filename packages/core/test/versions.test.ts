/**
 * DESIGN invariant 8 (versions never depend on the clock, a replaced token never comes back),
 * `forceRefresh` in a fresh process, and the conditional delete of `invalidate` — through HTTP
 * (msw) and the file store, whose two store objects over one directory stand for two processes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClock, mockedProvider } from '@authwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type TokenProviderOptions, type TokenStore, withAuth } from '../src/index.js';
import { createFileStore } from '../src/node/index.js';
import { acme, type acmeHandlers } from './fixtures/acme.js';
import { acmeMock, HOUR, useMsw } from './fixtures/setup.js';

const server = useMsw();

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A mock on the server's clock, and providers on a local clock of their own (it may step back). */
async function setup() {
  const start = Date.parse('2026-11-22T08:00:00Z');
  const serverClock = fakeClock(start);
  const local = fakeClock(start);
  const { mock, make } = mockedProvider({
    factory: acme,
    mock: (onClock) => acmeMock({ ...onClock, accessLifetimeMs: HOUR, refreshLifetimeMs: 24 * HOUR }),
    msw: server,
    clock: serverClock, // the mock's
    options: { clock: local }, // the providers'
  });
  const dir = await mkdtemp(join(tmpdir(), 'authwire-versions-'));
  dirs.push(dir);
  /** A provider in a "process" of its own: its own file store object over the shared directory. */
  const process = (store: TokenStore = createFileStore({ path: dir }), extra: TokenProviderOptions = {}) =>
    make({}, { store, ...extra });
  return { mock, local, serverClock, dir, process };
}

/** Which refresh tokens were sent, in order, and whether any was sent twice. */
const refreshTokensSent = (mock: ReturnType<typeof acmeHandlers>) =>
  mock.server.requests
    .filter((request) => request.url.endsWith('/oauth/refresh'))
    .map((request) => (request.body as { refresh_token: string }).refresh_token);

describe('invariant 8: the local clock steps back', () => {
  it('a token renewed after a 10-minute step back replaces the old one in the store; another process gets the new one', async () => {
    const { mock, local, process } = await setup();
    const first = process();
    const t1 = await first.getToken();
    local.advance(-10 * 60_000); // NTP, VM resume: the local clock jumps back
    const t2 = await first.getToken({ forceRefresh: true });
    expect(t2.value).not.toBe(t1.value);
    expect(mock.server.calls.refresh).toBe(1);

    const calls = mock.server.requests.length;
    const second = process(); // a fresh process on the same store
    expect((await second.getToken()).value).toBe(t2.value);
    expect(mock.server.requests.length).toBe(calls);
  });

  it('a replaced token never comes back in the process that replaced it, and a spent refresh token is never sent again', async () => {
    const { mock, local, process } = await setup();
    const provider = process();
    const api = withAuth(provider);
    await provider.getToken();
    local.advance(-10 * 60_000);
    const t2 = await provider.getToken({ forceRefresh: true });
    mock.server.revokeAccessTokens(); // t2 is now refused: the next request renews
    const response = await api(mock.protectedUrl);
    expect(response.status).toBe(200);
    const t3 = await provider.getToken();
    expect(t3.value).not.toBe(t2.value);
    const sent = refreshTokensSent(mock);
    expect(new Set(sent).size).toBe(sent.length);
    expect(mock.server.calls.login).toBe(1);
    expect(mock.server.log.every((entry) => entry.operation === 'api' || entry.status === 200)).toBe(true);
  });
});

describe('forceRefresh renews', () => {
  it('in a fresh process whose store already holds a fresh token', async () => {
    const { mock, process } = await setup();
    const t1 = await process().getToken();
    const calls = mock.server.requests.length;
    const restarted = process();
    const renewed = await restarted.getToken({ forceRefresh: true });
    expect(renewed.value).not.toBe(t1.value);
    expect(mock.server.requests.length).toBe(calls + 1);
    // …and the renewed token is what the store now serves to the next process.
    expect((await process().getToken()).value).toBe(renewed.value);
    expect(mock.server.requests.length).toBe(calls + 1);
  });

  it('concurrent forceRefresh callers of one process share one renewal', async () => {
    const { mock, process } = await setup();
    const provider = process();
    await provider.getToken();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken({ forceRefresh: true })));
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(mock.server.calls.login + mock.server.calls.refresh).toBe(2);
  });
});

describe('invalidate deletes only the version it rejected', () => {
  it('a process stalled between its decision and its delete never removes the newer token another process stored', async () => {
    const { mock, dir, process } = await setup();
    // Process 1's store stalls its deletes until released (a GC pause, a slow disk).
    const inner = createFileStore({ path: dir });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const stalling: TokenStore = {
      get: (key) => inner.get(key),
      set: (key, entry, ttl) => inner.set(key, entry, ttl),
      lock: (key, ttl) => inner.lock?.(key, ttl) ?? Promise.reject(new Error('no lock')),
      async delete(key, version) {
        await gate;
        return inner.delete(key, version);
      },
    };
    const one = process(stalling);
    const two = process();
    const t1 = await one.getToken();
    expect((await two.getToken()).value).toBe(t1.value); // shared through the store

    const invalidating = one.invalidate(t1); // stalls in delete
    const t2 = await two.getToken({ forceRefresh: true }); // process 2 renews meanwhile
    release();
    await invalidating;

    const calls = mock.server.requests.length;
    // The newer token survived: a third process and process 1 itself adopt it without a call…
    expect((await process().getToken()).value).toBe(t2.value);
    expect((await one.getToken()).value).toBe(t2.value);
    expect(mock.server.requests.length).toBe(calls);
    // …and the refresh token that t2's renewal spent is never sent again.
    const sent = refreshTokensSent(mock);
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('a late invalidate of an old token leaves the current one in the store', async () => {
    const { mock, process } = await setup();
    const provider = process();
    const t1 = await provider.getToken();
    const t2 = await provider.getToken({ forceRefresh: true });
    await provider.invalidate(t1); // a late 401 for the old token
    const calls = mock.server.requests.length;
    expect((await process().getToken()).value).toBe(t2.value);
    expect((await provider.getToken()).value).toBe(t2.value);
    expect(mock.server.requests.length).toBe(calls);
  });
});
