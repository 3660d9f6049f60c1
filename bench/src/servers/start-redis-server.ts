import { redisServerInstalled, startRedisServer as startLocalRedis } from '@authwire/testing';

/** A Redis server for the cross-process storm. */
export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `REDIS_URL` when set; otherwise a `redis-server` of our own on a free loopback port,
 * persisting nothing; `undefined` when neither is available.
 *
 * @returns the server, or `undefined`
 */
export async function startRedisServer(): Promise<RedisServer | undefined> {
  const external = process.env.REDIS_URL;
  if (external !== undefined && external !== '') return { url: external, stop: async () => undefined };
  return redisServerInstalled() ? startLocalRedis() : undefined;
}
