import { createHash, randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  type AuthEvent,
  isAuthError,
  type StoredToken,
  type TokenProviderOptions,
  type TokenStore,
} from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { createRedisStore, type RedisClientLike } from '@authwire/redis';
import { type Emulator, freePort, type RedisServer, startEmulator, startRedisServer } from '@authwire/testing';
import { createClient, RESP_TYPES } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { CLIENT_LEGS, createUserClient, type StoreOnOptions, storeOn } from './fixtures/clients.js';

/** A client of this test's own, to look at what the store wrote (node-redis 6, whatever the leg). */
const connectAdmin = (url: string) => createClient({ url }).connect();

let redis: RedisServer;
let emulator: Emulator;
let admin: Awaited<ReturnType<typeof connectAdmin>>;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  admin = await connectAdmin(redis.url);
});
afterAll(async () => {
  admin?.destroy();
  await redis?.stop();
});
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await emulator.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
/**
 * Until the store answers: a short `commandTimeoutMs` also bounds the first connection, which a
 * loaded machine may not make in time.
 */
const answering = (tokens: TokenStore, timeoutMs?: number) =>
  until(
    () =>
      tokens.get('warm-up').then(
        () => true,
        () => false,
      ),
    timeoutMs,
  );

function provider(tokenStore: TokenStore, options: TokenProviderOptions = {}) {
  const events: AuthEvent[] = [];
  const made = mastersIndia(emulator.mastersIndia.config() as { username: string; password: string }, {
    store: tokenStore,
    onEvent: (event) => events.push(event),
    retry: { limit: 0 },
    ...options,
  });
  const storeErrors = () => events.flatMap((event) => (event.type === 'store-error' ? [event.operation] : []));
  return { provider: made, events, storeErrors };
}

/** An entry of `version`, obtained `version` seconds after a fixed instant. */
const entry = (version: number): StoredToken => {
  const obtainedAt = 1_763_798_400_000 + version * 1000;
  return { token: { value: `v-${version}`, scheme: 'JWT', expiresAt: obtainedAt + 60_000 }, obtainedAt, version };
};
const CREDENTIAL = 'pbkdf2-sha256$600000$q83vEjRWeJCrze8SNFZ4kA';
/** The command timeout of the tests that are not about Redis trouble. */
const PATIENT_MS = 5000;
const storeErrorMessages = (events: AuthEvent[]) =>
  events.flatMap((event) => (event.type === 'store-error' ? [event.message] : []));

describe('createRedisStore: options', () => {
  it('checks its options at once, naming the option', () => {
    const code = expect.objectContaining({ code: 'CONFIG_INVALID' });
    expect(() => createRedisStore({})).toThrow(/missing required option 'url' or 'client'/);
    expect(() => createRedisStore({})).toThrow(code);
    expect(() => createRedisStore({ url: redis.url, client: admin })).toThrow(/either 'url' or 'client'/);
    expect(() => createRedisStore({ url: 'http://localhost:6379' })).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => createRedisStore({ url: redis.url, commandTimeoutMs: -1 })).toThrow(/commandTimeoutMs/);
  });
});

describe('createRedisStore: clients it accepts', () => {
  it('types: a client of node-redis 6 or 5, whatever its RESP version or type mapping, is a RedisClientLike', () => {
    // Clients are created (never connected) only for their types.
    expectTypeOf(createClient()).toExtend<RedisClientLike>(); // node-redis 6: RESP3 by default
    expectTypeOf(createClient({ RESP: 2 })).toExtend<RedisClientLike>();
    expectTypeOf(createClient().withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer })).toExtend<RedisClientLike>();
    expectTypeOf(createClient5()).toExtend<RedisClientLike>(); // node-redis 5: RESP2 by default
    expectTypeOf(createClient5({ RESP: 3 })).toExtend<RedisClientLike>();
  });
});

describe.each(CLIENT_LEGS)('redis store on $name', (leg) => {
  /**
   * A store on the leg's client. Its commands may take up to `PATIENT_MS` unless a test is about
   * Redis trouble and says otherwise: on a loaded machine the default 300 ms is sometimes missed,
   * and a test counting logins would then count a store-error's in-process login.
   */
  async function store(options: Partial<StoreOnOptions> = {}) {
    const created = await storeOn(leg, {
      url: redis.url,
      prefix: `t:${randomUUID()}:`,
      commandTimeoutMs: PATIENT_MS,
      ...options,
    });
    closers.push(() => created.close());
    return created;
  }

  describe('keys, TTL, versions, lock', () => {
    it('keeps entries at <prefix>token:<key> as JSON, expiring with the token (PX = ttl)', async () => {
      const tokens = await storeOn(leg, { url: redis.url, commandTimeoutMs: PATIENT_MS }); // default prefix
      closers.push(() => tokens.close());
      const key = `masters-india|${randomUUID()}`;
      await tokens.set(key, entry(1000), 60_000);
      const raw = await admin.get(`authwire:token:${key}`);
      expect(JSON.parse(raw ?? '')).toStrictEqual(entry(1000));
      const ttl = await admin.pTTL(`authwire:token:${key}`);
      expect(ttl).toBeGreaterThan(59_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await tokens.delete(key);
    });

    it("stores the entry's fields only: token, obtainedAt, version and the credential when there is one", async () => {
      const prefix = `t:${randomUUID()}:`;
      const tokens = await store({ prefix });
      const withExtras = { ...entry(2), credential: CREDENTIAL, engineState: 'not for the store' };
      await tokens.set('k', withExtras, 60_000);
      expect(JSON.parse((await admin.get(`${prefix}token:k`)) ?? '')).toStrictEqual({
        ...entry(2),
        credential: CREDENTIAL,
      });
      await tokens.set('k', entry(3), Number.POSITIVE_INFINITY);
      expect(Object.keys(JSON.parse((await admin.get(`${prefix}token:k`)) ?? ''))).toEqual([
        'token',
        'obtainedAt',
        'version',
      ]);
      expect(await admin.pTTL(`${prefix}token:k`)).toBe(-1); // Infinity: no expiry
      expect(await admin.keys(`${prefix}*`)).toEqual([`${prefix}token:k`]); // nothing staged is left
    });

    it('compare-and-set in Lua: a version not greater is refused even when written by another client', async () => {
      const a = await store();
      const prefix = `t:${randomUUID()}:`;
      const [first, second] = [await store({ prefix }), await store({ prefix })];
      await first.set('k', entry(2000), 60_000);
      await second.set('k', entry(1000), 60_000);
      await second.set('k', { ...entry(2000), token: { ...entry(2000).token, value: 'same-version' } }, 60_000);
      expect(await first.get('k')).toStrictEqual(entry(2000));
      expect(await a.get('k')).toBeUndefined(); // prefixes keep stores apart
      expect(await admin.keys(`${prefix}*`)).toEqual([`${prefix}token:k`]); // refused writes leave nothing staged
    });

    it('compare-and-delete in Lua: another client deletes only the version it names', async () => {
      const prefix = `t:${randomUUID()}:`;
      const [first, second] = [await store({ prefix }), await store({ prefix })];
      await first.set('k', entry(2), 60_000);
      await second.delete('k', 1);
      expect((await first.get('k'))?.version).toBe(2);
      await second.delete('k', 2);
      expect(await admin.exists(`${prefix}token:k`)).toBe(0);
    });

    it('an entry without a version (written by an older authwire) reads as none and is replaced by any set', async () => {
      const prefix = `t:${randomUUID()}:`;
      const tokens = await store({ prefix });
      const { version: _, ...unversioned } = entry(9);
      await admin.set(`${prefix}token:k`, JSON.stringify(unversioned));
      expect(await tokens.get('k')).toBeUndefined();
      await tokens.delete('k', 9); // names no stored version: kept
      expect(await admin.exists(`${prefix}token:k`)).toBe(1);
      await tokens.set('k', entry(1), 60_000);
      expect(await tokens.get('k')).toStrictEqual(entry(1));
    });

    it('reads an unreadable value as no entry', async () => {
      const prefix = `t:${randomUUID()}:`;
      const tokens = await store({ prefix });
      for (const junk of ['{"token":', 'null', '{}', '[]', '"text"']) {
        await admin.set(`${prefix}token:k`, junk);
        expect(await tokens.get('k')).toBeUndefined();
      }
      await tokens.set('k', entry(1), 60_000); // and the next set replaces it
      expect((await tokens.get('k'))?.version).toBe(1);
    });

    it('locks with SET NX PX and an owner token; releases by compare-and-delete', async () => {
      const prefix = `t:${randomUUID()}:`;
      const tokens = await store({ prefix });
      const release = await tokens.lock('k', 6000);
      const owner = await admin.get(`${prefix}lock:k`);
      expect(owner).toMatch(/^[0-9a-f-]{36}$/);
      expect(await admin.pTTL(`${prefix}lock:k`)).toBeGreaterThan(5000);
      // The lock expired and someone else holds it now: our release must leave theirs alone.
      await admin.set(`${prefix}lock:k`, 'someone-else', { PX: 6000 });
      await release();
      expect(await admin.get(`${prefix}lock:k`)).toBe('someone-else');
    });

    if (leg.kind !== 'own')
      it('uses the client you pass, and never closes it', async () => {
        const client = await createUserClient(leg.major, redis.url);
        await client.connect();
        const listeners = client.listenerCount('error');
        const tokens = createRedisStore({ client, prefix: `t:${randomUUID()}:` });
        expect(client.listenerCount('error')).toBe(listeners + 1);
        await tokens.set('k', entry(1), 60_000);
        expect((await tokens.get('k'))?.version).toBe(1);
        await tokens.close();
        expect(client.isOpen).toBe(true);
        expect(await client.sendCommand(['PING'])).toBe('PONG');
        client.destroy();
      });

    if (leg.kind !== 'own')
      it('works on your client that maps strings to Buffers (withTypeMapping)', async () => {
        const client = await createUserClient(leg.major, redis.url, { buffers: true });
        await client.connect();
        closers.push(async () => client.destroy());
        const prefix = `t:${randomUUID()}:`;
        const tokens = createRedisStore({ client, prefix });
        // node-redis 6 applies the client's mapping to sendCommand too (5 applies it to typed commands only).
        expect(await client.sendCommand(['PING'])).toStrictEqual(leg.major === 6 ? Buffer.from('PONG') : 'PONG');
        await tokens.set('k', { ...entry(1), credential: CREDENTIAL }, 60_000);
        expect(await tokens.get('k')).toStrictEqual({ ...entry(1), credential: CREDENTIAL });
        const release = await tokens.lock('k', 6000);
        expect(await admin.exists(`${prefix}lock:k`)).toBe(1);
        await release();
        expect(await admin.exists(`${prefix}lock:k`)).toBe(0);
      });

    if (leg.kind === 'client-6')
      it("ignores your client's keyPrefix (node-redis 6): keys carry the store's prefix only", async () => {
        const client = await createClient({ url: redis.url, keyPrefix: 'app:', disableOfflineQueue: true }).connect();
        closers.push(async () => client.destroy());
        const prefix = `t:${randomUUID()}:`;
        await createRedisStore({ client, prefix }).set('k', entry(1), 60_000);
        expect(await admin.keys(`*${prefix}*`)).toEqual([`${prefix}token:k`]);
      });

    // The store's own client speaks RESP2 (any server or proxy), whatever node-redis 6 defaults to;
    // yours keeps its major's default (node-redis 6: RESP3), which also tells the legs apart.
    const resp = leg.kind === 'client-6' ? 3 : 2;
    it(`its connection speaks RESP${resp}`, async () => {
      const tokens = await store();
      await tokens.set('k', entry(1), 60_000);
      expect((await tokens.get('k'))?.version).toBe(1);
      const adminId = `id=${await admin.clientId()} `;
      const others = String(await admin.sendCommand(['CLIENT', 'LIST']))
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith(adminId));
      expect(others.map((line) => /\bresp=(\d)/.exec(line)?.[1])).toEqual([String(resp)]);
    });

    if (leg.kind === 'own')
      it('close() closes the client it created from url', async () => {
        const tokens = createRedisStore({ url: redis.url, prefix: `t:${randomUUID()}:` });
        await tokens.get('k');
        await tokens.close();
        await expect(tokens.get('k')).rejects.toThrow();
      });
  });

  describe('under the engine', () => {
    it('two "processes" (two stores, two providers) × 200 concurrent calls → 1 login; the lock lives renewalTimeout + 5 s', async () => {
      const prefix = `t:${randomUUID()}:`;
      const { server } = emulator.mastersIndia;
      server.fail('login', { type: 'delay', ms: 300 }, 1);
      const [a, b] = [
        provider(await store({ prefix }), { renewalTimeoutMs: 2000 }),
        provider(await store({ prefix }), { renewalTimeoutMs: 2000 }),
      ];
      const pending = Promise.all([a, b].flatMap(({ provider: p }) => Array.from({ length: 200 }, () => p.getToken())));
      await until(() => server.requests.length === 1);
      const [lockKey] = await admin.keys(`${prefix}lock:*`);
      const ttl = await admin.pTTL(lockKey ?? '');
      expect(ttl).toBeGreaterThan(6000);
      expect(ttl).toBeLessThanOrEqual(7000);
      const tokens = await pending;
      expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
      expect(server.calls).toMatchObject({ login: 1, refresh: 0 });
      expect(await admin.keys(`${prefix}lock:*`)).toEqual([]);
    });

    it('re-reads after taking the lock: a token another process stored meanwhile is adopted, no upstream call', async () => {
      const prefix = `t:${randomUUID()}:`;
      const other = await store({ prefix });
      const key = `masters-india|${emulator.url}/api/v1|${emulator.mastersIndia.server.username}`;
      // "Another process" logged in once: its entry carries the credential binding of the account.
      await provider(other).provider.getToken();
      const earlier = await other.get(key);
      if (earlier === undefined) throw new Error('the first login stored no entry');
      await admin.del(`${prefix}token:${key}`); // evicted: the waiting process starts cold
      const { provider: waiting } = provider(await store({ prefix }));
      const release = await other.lock(key, 6000); // "another process" is renewing
      const result = waiting.getToken();
      await sleep(100);
      const now = Date.now();
      await other.set(
        key,
        {
          ...earlier,
          token: { value: 'from-another-process', scheme: 'JWT', expiresAt: now + 3_600_000 },
          obtainedAt: now,
          version: earlier.version + 1,
        },
        3_600_000,
      );
      await release();
      expect((await result).value).toBe('from-another-process');
      // The earlier login of the other process only: the waiting one made no upstream call.
      expect(emulator.mastersIndia.server.calls).toMatchObject({ login: 1, refresh: 0 });
    });

    it('never stores the password', async () => {
      const prefix = `t:${randomUUID()}:`;
      await provider(await store({ prefix })).provider.getToken();
      const [tokenKey] = await admin.keys(`${prefix}token:*`);
      const raw = (await admin.get(tokenKey ?? '')) ?? '';
      expect(raw).toContain('"obtainedAt"');
      expect(raw).toContain('"version"');
      expect(raw).not.toContain(emulator.mastersIndia.server.password);
    });

    it("never hands a secret to node-redis's tracing channel: no token, refresh token or password in any command's arguments", async () => {
      const sent: string[] = [];
      // The start of node-redis's `node-redis:command` tracing channel: what tracers record.
      const channel = 'tracing:node-redis:command:start';
      const onCommand = (context: unknown) => void sent.push((context as { args: string[] }).args.join(' '));
      subscribe(channel, onCommand);
      try {
        const prefix = `t:${randomUUID()}:`;
        const { provider: p } = provider(await store({ prefix }));
        const first = await p.getToken(); // login: lock, set, release
        const second = await p.getToken({ forceRefresh: true }); // refresh: lock, set, release
        await p.invalidate(second); // compare-and-delete
        const secrets = [first.value, first.refreshToken, second.value, second.refreshToken];
        expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 10)).toBe(true);
        expect(sent.filter((command) => command.startsWith('EVAL'))).toHaveLength(5); // the channel was heard
        for (const secret of [...secrets, emulator.mastersIndia.server.password])
          expect(sent.join('\n')).not.toContain(secret);
      } finally {
        unsubscribe(channel, onCommand);
      }
    });
  });

  describe('Redis trouble never fails a request', () => {
    it('Redis down (connection refused): requests succeed in-process, store-error is emitted, no unhandled error event', async () => {
      const port = await freePort();
      const {
        provider: p,
        storeErrors,
        events,
      } = provider(await store({ url: `redis://127.0.0.1:${port}`, commandTimeoutMs: 300, connected: false }));
      const tokens = await Promise.all(Array.from({ length: 100 }, () => p.getToken()));
      expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
      expect(emulator.mastersIndia.server.calls.login).toBe(1);
      expect(storeErrors()).toEqual(['get', 'lock', 'set']);
      const [first, ...rest] = storeErrorMessages(events);
      // The store's own client is still connecting (timed out, ECONNREFUSED); yours refuses at once.
      expect(first).toMatch(leg.kind === 'own' ? /ECONNREFUSED/ : /offline|ECONNREFUSED/);
      // One failure at most is waited for: the calls after it fail fast.
      expect(rest).toEqual([expect.stringMatching(/failing fast/), expect.stringMatching(/failing fast/)]);
    });

    it('a lock attempt made while Redis is down (connecting) is never sent once Redis is up', async () => {
      const port = await freePort();
      const prefix = `t:${randomUUID()}:`;
      const tokens = await store({
        url: `redis://127.0.0.1:${port}`,
        prefix,
        commandTimeoutMs: 300,
        failFastMs: 0,
        connected: false,
      });
      await expect(tokens.lock('k', 60_000)).rejects.toThrow(leg.kind === 'own' ? /timed out/ : /offline/);
      const late = await startRedisServer(port);
      closers.push(() => late.stop());
      await until(
        async () =>
          await tokens.get('k').then(
            () => true,
            () => false,
          ),
      );
      expect(await tokens.get('k')).toBeUndefined();
      const client = await connectAdmin(late.url);
      expect(await client.keys(`${prefix}*`)).toEqual([]);
      client.destroy();
    });

    it('Redis stalled (SIGSTOP): a renewal waits one command timeout at most, then carries on in-process', async () => {
      const own = await startRedisServer();
      closers.push(() => own.stop());
      const tokens = await store({ url: own.url, commandTimeoutMs: 200 });
      await answering(tokens);
      const { provider: p, storeErrors, events } = provider(tokens);
      await p.getToken(); // connected and working
      own.pause();
      const renewed = await p.getToken({ forceRefresh: true });
      expect(renewed.value.length).toBeGreaterThan(10);
      expect(storeErrors()).toEqual(['get', 'lock', 'set']);
      expect(storeErrorMessages(events)).toEqual([
        expect.stringMatching(/timed out after 200 ms/),
        expect.stringMatching(/failing fast/),
        expect.stringMatching(/failing fast/),
      ]);
      own.resume();
    });

    it('a lock attempt that timed out is undone once a stalled Redis answers again: no ghost lock', async () => {
      const own = await startRedisServer();
      closers.push(() => own.stop());
      const prefix = `t:${randomUUID()}:`;
      const tokens = await store({ url: own.url, prefix, commandTimeoutMs: 100 });
      await answering(tokens);
      own.pause();
      await expect(tokens.lock('k', 60_000)).rejects.toThrow(/timed out/);
      own.resume();
      const client = await connectAdmin(own.url);
      await sleep(100);
      expect(await client.keys(`${prefix}lock:*`)).toEqual([]);
      client.destroy();
    });

    it('a lock is still released while the store fails fast after an error: no lock left to block others', async () => {
      const own = await startRedisServer();
      closers.push(() => own.stop());
      const prefix = `t:${randomUUID()}:`;
      const tokens = await store({ url: own.url, prefix, commandTimeoutMs: 100, failFastMs: 10_000 });
      await answering(tokens, 15_000); // a failed warm-up fails fast for 10 s
      const release = await tokens.lock('k', 60_000);
      own.pause();
      await expect(tokens.get('k')).rejects.toThrow(/timed out/); // now failing fast for 10 s
      own.resume();
      const client = await connectAdmin(own.url); // Redis answers again (on a loaded machine, not at once)
      await expect(tokens.get('k')).rejects.toThrow(/failing fast/);
      await release();
      expect(await client.keys(`${prefix}lock:*`)).toEqual([]);
      client.destroy();
    });

    it('recovers when Redis comes back: the store is used again without a restart', async () => {
      const own = await startRedisServer();
      const tokens = await store({ url: own.url, failFastMs: 100 });
      await tokens.set('k', entry(1), 60_000);
      await own.stop();
      await expect(tokens.get('k')).rejects.toThrow();
      const again = await startRedisServer(own.port);
      closers.push(() => again.stop());
      await until(async () => {
        try {
          await tokens.set('k', entry(2), 60_000);
          return true;
        } catch {
          return false;
        }
      });
      expect((await tokens.get('k'))?.version).toBe(2);
    }, 15_000);
  });

  // DESIGN invariant 9 through Redis: a token (and its refresh token) is served only to providers
  // holding the credentials that obtained it, across processes; what Redis holds lets nobody
  // recover the password cheaply.
  /** A "process": its own Redis client and store over the shared prefix. */
  async function processOn(prefix: string, password?: string) {
    const store = await storeOn(leg, { url: redis.url, prefix, commandTimeoutMs: PATIENT_MS });
    closers.push(() => store.close());
    const config = emulator.mastersIndia.config(password === undefined ? {} : { password }) as {
      username: string;
      password: string;
    };
    return mastersIndia(config, { store, retry: { limit: 0 } });
  }

  describe('invariant 9 through Redis: multi-tenant', () => {
    it('a wrong password for the same username never gets the stored token, nor renews through its refresh token', async () => {
      const prefix = `t:${randomUUID()}:`;
      const token = await (await processOn(prefix)).getToken();
      const { server } = emulator.mastersIndia;
      const before = server.requests.length;

      const intruder = await processOn(prefix, 'guessed-wrong');
      for (const options of [undefined, { forceRefresh: true }]) {
        const error = await intruder.getToken(options).catch((e: unknown) => e);
        expect(isAuthError(error) && error.code).toBe('INVALID_CREDENTIALS');
      }
      const sent = server.requests.slice(before);
      expect(sent.map((request) => request.operation)).toEqual(['login', 'login']);
      expect(JSON.stringify(sent)).not.toContain(token.value);
      expect(JSON.stringify(sent)).not.toContain(token.refreshToken);
    });

    it('the right password in another process adopts the stored token without a call', async () => {
      const prefix = `t:${randomUUID()}:`;
      const token = await (await processOn(prefix)).getToken();
      const calls = emulator.mastersIndia.server.requests.length;
      expect((await (await processOn(prefix)).getToken()).value).toBe(token.value);
      expect(emulator.mastersIndia.server.requests.length).toBe(calls);
    });

    it('Redis holds a slow salted hash of the credentials, never the password nor a fast hash of it', async () => {
      const prefix = `t:${randomUUID()}:`;
      await (await processOn(prefix)).getToken();
      const keys = await admin.keys(`${prefix}token:*`);
      expect(keys).toHaveLength(1);
      const raw = (await admin.get(keys[0] ?? '')) ?? '';
      const { password } = emulator.mastersIndia.server;
      expect(JSON.parse(raw).credential).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{43}$/);
      const fast = ['md5', 'sha1', 'sha256', 'sha512'].flatMap((algorithm) =>
        (['hex', 'base64', 'base64url'] as const).map((encoding) =>
          createHash(algorithm).update(password).digest(encoding),
        ),
      );
      for (const needle of [password, ...fast]) expect(raw).not.toContain(needle);
    });
  });
});
