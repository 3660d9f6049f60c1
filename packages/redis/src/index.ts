export type { RedisClientLike, RedisStoreOptions, RedisTokenStore } from './redis-store.js';
export { createRedisStore } from './redis-store.js';
// Internal on purpose: the Lua scripts, parseEntry, backoff.
