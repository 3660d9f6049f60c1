/**
 * DESIGN invariant 9 through the Redis store: a token (and its refresh token) is served only to
 * providers holding the credentials that obtained it, across processes; what Redis holds lets
 * nobody recover the password cheaply. Real redis-server, real HTTP (the loopback emulator).
 */
import { createHash, randomUUID } from 'node:crypto';
import { isAuthError } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { createRedisStore } from '@authwire/redis';
import { type Emulator, type RedisServer, startEmulator, startRedisServer } from '@authwire/testing';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let redis: RedisServer;
let emulator: Emulator;
let admin: ReturnType<typeof createClient>;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  admin = await createClient({ url: redis.url }).connect();
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

/** A "process": its own Redis client and store over the shared prefix. */
function processOn(prefix: string, password?: string) {
  const store = createRedisStore({ url: redis.url, prefix });
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
    const token = await processOn(prefix).getToken();
    const { server } = emulator.mastersIndia;
    const before = server.requests.length;

    const intruder = processOn(prefix, 'guessed-wrong');
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
    const token = await processOn(prefix).getToken();
    const calls = emulator.mastersIndia.server.requests.length;
    expect((await processOn(prefix).getToken()).value).toBe(token.value);
    expect(emulator.mastersIndia.server.requests.length).toBe(calls);
  });

  it('Redis holds a slow salted hash of the credentials, never the password nor a fast hash of it', async () => {
    const prefix = `t:${randomUUID()}:`;
    await processOn(prefix).getToken();
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
