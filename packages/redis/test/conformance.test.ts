import { randomUUID } from 'node:crypto';
import type { RedisTokenStore } from '@authwire/redis';
import { type RedisServer, startRedisServer } from '@authwire/testing';
import { describeStoreConformance } from '@authwire/testing/vitest';
import { afterAll, beforeAll } from 'vitest';
import { CLIENT_LEGS, storeOn } from './fixtures/clients.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

for (const leg of CLIENT_LEGS) {
  describeStoreConformance({
    name: `redis store on ${leg.name}`,
    // A fresh key prefix per test: an empty store on the shared server.
    // A patient command timeout: these check behaviours, and a loaded machine is sometimes slow.
    create: () => storeOn(leg, { url: redis.url, prefix: `conformance:${randomUUID()}:`, commandTimeoutMs: 5000 }),
    cleanup: (store) => (store as RedisTokenStore).close(),
    lock: true,
  });
}
