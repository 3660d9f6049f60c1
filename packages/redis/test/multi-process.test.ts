/**
 * A fleet on one Redis: real worker processes (`node --import tsx`), a real redis-server and the
 * loopback emulator of Masters India, which counts the logins and refreshes it answers and
 * rotates refresh tokens (a spent one is refused).
 */
import { randomUUID } from 'node:crypto';
import type { AuthEvent, TokenProviderOptions } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { type Emulator, type RedisServer, startEmulator, startRedisServer } from '@authwire/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClientLeg, MAJOR_LEGS, storeOn } from './fixtures/clients.js';
import { spawnWorker } from './fixtures/spawn-worker.js';
import type { WorkerConfig } from './fixtures/worker.js';

let redis: RedisServer;
let emulator: Emulator;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.close());

const HOUR = 3_600_000;
/** Each worker is a new Node process with tsx: about a second of start-up, more on a busy machine. */
const SLOW = 120_000;
/**
 * These tests count logins across processes, not Redis latency: a generous command timeout keeps
 * a worker's first connection on a loaded machine from turning into a store-error (and a login).
 */
const PATIENT_MS = 5000;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A member of the fleet in this very process (it saves starting one): same config as a worker. */
async function inProcess(leg: ClientLeg, config: WorkerConfig) {
  const store = await storeOn(leg, { url: config.redisUrl, prefix: config.prefix, commandTimeoutMs: PATIENT_MS });
  closers.push(() => store.close());
  const events: AuthEvent[] = [];
  const options: TokenProviderOptions = { store, onEvent: (event) => events.push(event) };
  if (config.renewalTimeoutMs !== undefined) options.renewalTimeoutMs = config.renewalTimeoutMs;
  const { baseUrl, username, password } = config;
  return { provider: mastersIndia({ baseUrl, username, password }, options), events };
}
const count = (events: AuthEvent[], type: AuthEvent['type']) => events.filter((event) => event.type === type).length;

function fleet(leg: ClientLeg, overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  const { server } = emulator.mastersIndia;
  return {
    client: leg.kind,
    commandTimeoutMs: PATIENT_MS,
    redisUrl: redis.url,
    prefix: `fleet:${randomUUID()}:`,
    baseUrl: emulator.url,
    username: server.username,
    password: server.password,
    calls: 1,
    ...overrides,
  };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(MAJOR_LEGS)('a fleet of processes sharing the Redis store, on $name', { timeout: SLOW }, (leg) => {
  it('8 processes × 500 concurrent calls on a cold cache → exactly 1 login at the provider', async () => {
    const config = fleet(leg, { calls: 500, waitForGo: true });
    const workers = Array.from({ length: 8 }, () => spawnWorker(config));
    await Promise.all(workers.map((worker) => worker.waitFor('ready')));
    for (const worker of workers) worker.go(); // all at once: the storm
    const results = await Promise.all(workers.map((worker) => worker.result));
    const { calls } = emulator.mastersIndia.server;
    expect(calls.login).toBe(1);
    expect(calls.refresh).toBe(0);
    expect(results.reduce((sum, result) => sum + result.logins, 0)).toBe(1);
    expect(new Set(results.flatMap((result) => result.tokens)).size).toBe(1);
    expect(results.flatMap((result) => [...result.failures, ...result.storeErrors])).toEqual([]);
  });

  it('a restarted process reuses the stored token: no login', async () => {
    const config = fleet(leg, { calls: 10 });
    const first = await inProcess(leg, config);
    const token = await first.provider.getToken();
    expect(count(first.events, 'login')).toBe(1);
    const restarted = await spawnWorker(config).result;
    expect(restarted).toMatchObject({ logins: 0, refreshes: 0, tokens: [token.value], failures: [] });
    expect(emulator.mastersIndia.server.calls).toMatchObject({ login: 1, refresh: 0 });
  });

  it('process B renews with the refresh token process A received (rotation: A’s is then spent)', async () => {
    const config = fleet(leg);
    const a = await (await inProcess(leg, config)).provider.getToken();
    // B's clock is 25 h ahead: A's token (24 h) has expired for B, its refresh token (30 days) has not.
    const b = await spawnWorker({ ...config, clockOffsetMs: 25 * HOUR }).result;
    const { server } = emulator.mastersIndia;
    expect(server.calls).toMatchObject({ login: 1, refresh: 1 });
    expect(b).toMatchObject({ logins: 0, refreshes: 1, failures: [] });
    const refreshRequest = server.requests.find((request) => request.operation === 'refresh');
    expect(refreshRequest?.body).toEqual({ token: a.refreshToken });
    expect(b.tokens).not.toEqual([a.value]);
    // The store now holds B's pair: A's refresh token is spent, and nobody will send it again.
    expect(server.refresh(a.refreshToken)).toEqual({ ok: false, reason: 'reused' });
  });

  it('a lock holder killed mid-renewal is taken over once its lock expires (TTL = renewal timeout + 5 s)', async () => {
    const config = fleet(leg, { renewalTimeoutMs: 1000 }); // lock TTL 6 s
    const { server } = emulator.mastersIndia;
    server.fail('login', { type: 'delay', ms: 3000 }, 1);
    const spawnedAt = Date.now();
    const holder = spawnWorker(config);
    // It holds the lock and its login is in flight (once started: slow on a loaded machine).
    await until(() => server.requests.length === 1, SLOW / 2);
    holder.child.kill('SIGKILL');
    const killedAt = Date.now();
    const client = await createClient({ url: redis.url }).connect();
    const [lockKey] = await client.keys(`${config.prefix}lock:*`);
    const remaining = await client.pTTL(lockKey ?? '');
    client.destroy();
    // Taken with a TTL of 6 s after the worker was spawned: no more remains, and no less than what
    // 6 s leaves since the spawn (a bound, whatever the machine's load).
    expect(remaining).toBeLessThanOrEqual(6000);
    expect(remaining).toBeGreaterThanOrEqual(Math.max(6000 - (Date.now() - spawnedAt) - 10, 1));

    const taker = await inProcess(leg, config);
    await taker.provider.getToken();
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(remaining - 100); // waited for the TTL, no sooner
    expect(count(taker.events, 'login')).toBe(1);
    expect(taker.events.filter((event) => event.type !== 'login')).toEqual([]);
    expect(server.requests.filter((request) => request.operation === 'login')).toHaveLength(2);
  });

  it('Redis stopped mid-run: every request keeps succeeding, in-process, with store-error events', async () => {
    const own = await startRedisServer();
    try {
      // The store's default command timeout here: Redis trouble is what this test is about.
      const config = fleet(leg, { redisUrl: own.url, calls: 50, rounds: 12, roundPauseMs: 50 });
      const { commandTimeoutMs: _, ...withDefaultTimeout } = config;
      const worker = spawnWorker(withDefaultTimeout);
      await worker.waitFor('round 3');
      await own.stop();
      const result = await worker.result;
      expect(result.failures).toEqual([]);
      expect(result.storeErrors.length).toBeGreaterThan(0);
      const { calls } = emulator.mastersIndia.server;
      expect(calls.login + calls.refresh).toBe(12); // still one upstream call per renewal
    } finally {
      await own.stop();
    }
  });
});
