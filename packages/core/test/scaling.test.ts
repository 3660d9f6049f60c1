/**
 * DESIGN.md invariant 12: cost grows with work, not with waiters or history. Counted, never
 * timed: the abort listeners a shared renewal puts on its callers' signals
 * (`getEventListeners`), and the heap after GC (`--expose-gc` turned on in-process) while
 * accounts are live and after they are gone. Tokens come from a real loopback HTTP server.
 */
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fakeClock } from '@authwire/testing';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { slotCount } from '../src/engine/slots.js';
import {
  type AuthAdapter,
  createMemoryStore,
  createTokenProvider,
  isAuthError,
  type StoredToken,
  type TokenProvider,
  type TokenProviderOptions,
  type TokenStore,
} from '../src/index.js';
import { memoryStoreSize } from '../src/stores/memory-store.js';

const HOUR = 3_600_000;

/** A loopback token server: every login gets a new one-hour token; `hold()` keeps answers back until `release()`. */
interface LoopbackTokenServer {
  readonly base: string;
  /** Token requests received. */
  readonly calls: () => number;
  /** From now on, answers wait for `release()`. */
  hold(): void;
  /** Resolves once a held request has arrived. */
  arrived(): Promise<void>;
  /** Answers every held request and stops holding; `status` other than 200 fails them. */
  release(status?: number): void;
  close(): Promise<void>;
}

async function startTokenServer(): Promise<LoopbackTokenServer> {
  let calls = 0;
  let holding = false;
  let held: ((status: number) => void)[] = [];
  let onArrival: (() => void) | undefined;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      calls += 1;
      const serial = calls;
      const answer = (status: number) => {
        response.writeHead(status, { 'content-type': 'application/json', connection: 'keep-alive' });
        response.end(status === 200 ? JSON.stringify({ access_token: `token-${serial}`, expires_in: 3600 }) : '{}');
      };
      if (!holding) return answer(200);
      held.push(answer);
      onArrival?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    hold() {
      holding = true;
    },
    arrived: () =>
      held.length > 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            onArrival = resolve;
          }),
    release(status = 200) {
      holding = false;
      const answers = held;
      held = [];
      for (const answer of answers) answer(status);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TokenBody = v.object({ access_token: v.string(), expires_in: v.number() });

/** An account's provider: logs in to the loopback server; no declared secret (no credential hash to compute). */
function accountProvider(server: LoopbackTokenServer, account: string, options: TokenProviderOptions) {
  const adapter: AuthAdapter = {
    name: 'scale',
    origins: [server.base],
    cacheKey: `scale|${server.base}|${account}`,
    async login(ctx) {
      const res = await ctx.request(`${server.base}/token`, { json: { account } });
      if (res.status !== 200) throw ctx.httpError(res);
      const body = ctx.parse(TokenBody, res);
      return { value: body.access_token, scheme: 'Bearer', expiresAt: res.sentAt + body.expires_in * 1000 };
    },
  };
  return createTokenProvider(adapter, { retry: { limit: 0 }, ...options });
}

const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

const rejectedWith = (result: PromiseSettledResult<unknown>) =>
  result.status === 'rejected' && isAuthError(result.reason) ? result.reason.code : result.status;

let server: LoopbackTokenServer;
beforeAll(async () => {
  server = await startTokenServer();
});
afterEach(() => server.release()); // a failed test leaves no request held for the next
afterAll(() => server.close());

describe('waiters: one abort listener per distinct signal per renewal', () => {
  it('10,000 waiters sharing one signal put one listener on it, and no MaxListenersExceededWarning', async () => {
    const provider = accountProvider(server, 'waiters', { store: createMemoryStore() });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      server.hold();
      const callsBefore = server.calls();
      const shared = new AbortController();
      const other = new AbortController();
      const sharing = Array.from({ length: 10_000 }, () => provider.getToken({ signal: shared.signal }));
      const others = Array.from({ length: 100 }, () => provider.getAuthorizationHeader({ signal: other.signal }));
      const plain = Array.from({ length: 100 }, () => provider.getToken());
      await server.arrived(); // the one renewal is on the wire, held
      expect(abortListeners(shared.signal)).toBe(1);
      expect(abortListeners(other.signal)).toBe(1);

      shared.abort(); // abandons exactly those 10,000 waits; the renewal runs on
      const abandoned = await Promise.allSettled(sharing);
      expect(new Set(abandoned.map(rejectedWith))).toEqual(new Set(['ABORTED']));
      expect(abortListeners(shared.signal)).toBe(0);
      expect(abortListeners(other.signal)).toBe(1);

      server.release();
      const tokens = await Promise.all(plain);
      const headers = await Promise.all(others);
      expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
      expect(new Set(headers)).toEqual(new Set([`Bearer ${tokens[0]?.value}`]));
      expect(abortListeners(other.signal)).toBe(0);
      expect(server.calls() - callsBefore).toBe(1);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      server.release();
    }
  });

  it('distinct signals get one listener each, gone when the renewal settles; one per renewal when shared across accounts', async () => {
    const store = createMemoryStore();
    const first = accountProvider(server, 'distinct-1', { store });
    const second = accountProvider(server, 'distinct-2', { store });
    server.hold();
    const callsBefore = server.calls();
    const controllers = Array.from({ length: 100 }, () => new AbortController());
    const across = new AbortController(); // one signal, waiting on two accounts' renewals
    const waits = controllers.flatMap((controller) =>
      Array.from({ length: 3 }, () => first.getToken({ signal: controller.signal })),
    );
    const acrossWaits = [first, second].flatMap((provider) =>
      Array.from({ length: 50 }, () => provider.getToken({ signal: across.signal })),
    );
    await server.arrived();
    await new Promise((resolve) => setImmediate(resolve)); // both renewals on the wire
    expect(controllers.map((controller) => abortListeners(controller.signal))).toEqual(controllers.map(() => 1));
    expect(abortListeners(across.signal)).toBe(2);

    for (const controller of controllers.slice(0, 10)) controller.abort();
    expect(controllers.map((controller) => abortListeners(controller.signal))).toEqual(
      controllers.map(() => 0).fill(1, 10),
    );
    server.release();
    const results = await Promise.allSettled(waits);
    expect(results.slice(0, 30).map(rejectedWith)).toEqual(Array(30).fill('ABORTED'));
    expect(new Set(results.slice(30).map((result) => result.status))).toEqual(new Set(['fulfilled']));
    expect(new Set((await Promise.all(acrossWaits)).map((token) => token.value)).size).toBe(2);
    expect(controllers.map((controller) => abortListeners(controller.signal))).toEqual(controllers.map(() => 0));
    expect(abortListeners(across.signal)).toBe(0);
    expect(server.calls() - callsBefore).toBe(2);
  });

  it('a failed renewal rejects every waiter with its error and removes the listener', async () => {
    const provider = accountProvider(server, 'failing', { store: createMemoryStore() });
    server.hold();
    const shared = new AbortController();
    const waits = Array.from({ length: 1000 }, () => provider.getToken({ signal: shared.signal }));
    await server.arrived();
    expect(abortListeners(shared.signal)).toBe(1);
    server.release(503);
    const results = await Promise.allSettled(waits);
    expect(new Set(results.map(rejectedWith))).toEqual(new Set(['PROVIDER_UNAVAILABLE']));
    expect(new Set(results.map((result) => (result.status === 'rejected' ? result.reason : undefined))).size).toBe(1);
    expect(abortListeners(shared.signal)).toBe(0);
  });
});

describe('history: accounts that are gone hold no memory', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  /** The heap after GC, once the finalizers that GC queued (slots released, timers cleared) have run. */
  const settledHeap = async () => {
    for (let i = 0; i < 6; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return process.memoryUsage().heapUsed;
  };

  /** `count` accounts' providers, each with a token from the loopback server. */
  const comeOnline = async (prefix: string, count: number, options: TokenProviderOptions) => {
    const providers = [];
    for (let i = 0; i < count; i += 100) {
      const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) =>
        accountProvider(server, `${prefix}-${i + j}`, options),
      );
      await Promise.all(batch.map((provider) => provider.getToken()));
      providers.push(...batch);
    }
    return providers;
  };

  /**
   * Store writes of one busy tenant: the memory store sweeps expired entries on writes, within as
   * many writes as it held entries at its last sweep (no timers: invariant 6).
   */
  const churn = async (store: TokenStore, writes: number) => {
    const entry = (version: number): StoredToken => ({
      token: { value: `busy-${version}`, scheme: 'Bearer', expiresAt: Number.MAX_SAFE_INTEGER },
      obtainedAt: 0,
      version,
    });
    for (let version = 1; version <= writes; version++) await store.set('busy-tenant', entry(version), HOUR);
  };

  it("a provider made again while its account's token lives finds the slot: no store read", async () => {
    const clock = fakeClock(Date.parse('2026-11-22T08:00:00Z'));
    const memory = createMemoryStore({ now: clock.now });
    let reads = 0;
    const store: TokenStore = {
      get: (key) => {
        reads += 1;
        return memory.get(key);
      },
      set: (key, entry, ttlMs) => memory.set(key, entry, ttlMs),
      delete: (key, version) => memory.delete(key, version),
    };
    let first: TokenProvider | undefined = accountProvider(server, 'again', { store, clock });
    const token = await first.getToken();
    first = undefined; // gone: only the store's entry keeps the account's slot
    await settledHeap();
    expect(slotCount(store)).toBe(1);
    reads = 0;
    const again = accountProvider(server, 'again', { store, clock });
    expect((await again.getToken()).value).toBe(token.value);
    expect(reads, 'store reads').toBe(0);
  });

  const ACCOUNTS = 3000;

  it(`${ACCOUNTS} accounts that come and go leave the heap where it started; ≤ 3 KB per live cached account`, async () => {
    const clock = fakeClock(Date.parse('2026-11-22T08:00:00Z'));
    const store = createMemoryStore({ now: clock.now });
    const options: TokenProviderOptions = { store, clock };
    // A first generation of accounts comes and goes: code compiled and optimised, connections
    // open, tables sized. The heap it leaves is where the second generation must leave it too.
    await comeOnline('first', ACCOUNTS, options);
    clock.advance(2 * HOUR);
    await churn(store, ACCOUNTS + 1000);
    const baseline = await settledHeap();

    let providers = await comeOnline('tenant', ACCOUNTS, options);
    const live = await settledHeap();
    const perAccount = (live - baseline) / ACCOUNTS;
    expect(providers).toHaveLength(ACCOUNTS);
    expect(perAccount, 'heap per live cached account (bytes)').toBeLessThan(3 * 1024);
    expect(slotCount(store)).toBe(ACCOUNTS);

    providers = []; // the accounts are gone…
    clock.advance(2 * HOUR); // …and their tokens expired
    await churn(store, ACCOUNTS + 1000);
    const after = await settledHeap();
    console.log(
      `[scaling] ${ACCOUNTS} accounts: ${Math.round(perAccount)} B per live account; after they left: ${after - baseline} B retained of ${live - baseline} B`,
    );
    expect(after - baseline, 'retained after churn (bytes)').toBeLessThan((live - baseline) / 10);
    expect(slotCount(store), 'slots left').toBe(0);
    expect(memoryStoreSize(store), 'store entries left (the busy tenant)').toBe(1);
    for (const account of ['tenant-0', 'tenant-2500', `tenant-${ACCOUNTS - 1}`]) {
      expect(await store.get(`scale|${server.base}|${account}`)).toBeUndefined();
    }
  }, 120_000);
});
