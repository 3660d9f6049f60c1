import { randomUUID } from 'node:crypto';
import { createRedisStore, type RedisTokenStore } from '@authwire/redis';
import { type RedisServer, startRedisServer } from '@authwire/testing';
import { describeStoreConformance } from '@authwire/testing/vitest';
import { afterAll, beforeAll } from 'vitest';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

describeStoreConformance({
  name: 'redis store',
  // A fresh key prefix per test: an empty store on the shared server.
  create: () => createRedisStore({ url: redis.url, prefix: `conformance:${randomUUID()}:` }),
  cleanup: (store) => (store as RedisTokenStore).close(),
  lock: true,
});
