import { randomUUID } from 'node:crypto';
import { AuthError, type ReleaseLock, type TokenStore } from '@authwire/core';
import { backoff } from '@authwire/core/node';
import { createClient } from 'redis';
import { parseEntry } from './parse-entry.js';
import { DELETE_IF_VERSION, RELEASE_IF_OWNER, SET_IF_NEWER } from './scripts.js';

/**
 * The part of a node-redis client the store uses: `sendCommand`, and `on('error' | 'ready')`
 * so that connection errors are never unhandled and can be reported. A client from node-redis 6
 * or 5 (`createClient()` of `redis`) fits, whatever its `RESP` version or type mapping; the type
 * is structural, so nothing of either major's typings is required.
 *
 * @example
 * ```ts
 * import type { RedisClientLike } from '@authwire/redis';
 * import { createClient } from 'redis';
 *
 * const client: RedisClientLike = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * ```
 */
export interface RedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
  on(event: 'error' | 'ready', listener: (error?: unknown) => void): unknown;
}

/**
 * Options of {@link createRedisStore}: a `client` or a `url`, and timing.
 *
 * @example
 * ```ts
 * import { createRedisStore } from '@authwire/redis';
 *
 * createRedisStore({ url: 'redis://redis.internal:6379/2', prefix: 'billing:authwire:' });
 * ```
 */
export interface RedisStoreOptions {
  /**
   * A node-redis client (major 6 or 5) you created and connected. The store never closes it; it
   * does attach an `error` listener, so that a connection error cannot crash the process. Create
   * it with `disableOfflineQueue: true`, as the store's own client is, so that store calls are
   * refused rather than queued while it is disconnected.
   */
  client?: RedisClientLike;
  /**
   * `redis[s]://[[username][:password]@][host][:port][/db-number]`: the store creates its own
   * node-redis 6 client (connecting at once, reconnecting with backoff, commands refused while
   * disconnected rather than queued, RESP2 so that any server or proxy fits) and `close()` closes it.
   */
  url?: string;
  /**
   * Prepended to every key: entries live at `${prefix}token:${key}`, locks at `${prefix}lock:${key}`.
   * @default 'authwire:'
   */
  prefix?: string;
  /**
   * The limit of one Redis command (and of the first connection). A store call that takes longer
   * fails, and authwire carries on in-process: a slow Redis never stalls a renewal for long.
   * @default 300
   */
  commandTimeoutMs?: number;
  /**
   * After a command fails (timeout, connection lost, error reply), how long every call fails at
   * once instead of waiting on Redis again.
   * @default 1000
   */
  failFastMs?: number;
  /**
   * The first retry delay of a lock waiter; it doubles up to `lockRetryMaxMs`, with jitter.
   * @default 10
   */
  lockRetryMs?: number;
  /**
   * The longest retry delay of a lock waiter.
   * @default 200
   */
  lockRetryMaxMs?: number;
}

/**
 * A {@link TokenStore} on Redis, with a lock, and `close()`.
 *
 * @example
 * ```ts
 * import { createRedisStore, type RedisTokenStore } from '@authwire/redis';
 *
 * const store: RedisTokenStore = createRedisStore({ url: process.env.REDIS_URL! });
 * await store.close();
 * ```
 */
export interface RedisTokenStore extends TokenStore {
  lock(key: string, ttlMs: number): Promise<ReleaseLock>;
  /**
   * Closes the client the store created from `url` (pending store calls fail). A client passed
   * as `client` is left open: it is yours.
   */
  close(): Promise<void>;
}

/** How long past `ttlMs` a lock waiter makes its last attempt. */
const LOCK_GRACE_MS = 50;
/** How long a staged entry outlives a `set` whose compare-and-set never ran (Redis lost mid-way). */
const STAGING_TTL_MS = 60_000;

const invalid = (message: string) => new AuthError('CONFIG_INVALID', `createRedisStore: ${message}`);

function checkOptions(options: RedisStoreOptions): void {
  if (options?.client === undefined && options?.url === undefined)
    throw invalid("missing required option 'url' or 'client'");
  if (options.client !== undefined && options.url !== undefined)
    throw invalid("pass either 'url' or 'client', not both");
  if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw invalid("option 'url' must be a redis:// or rediss:// URL");
  }
  for (const name of ['commandTimeoutMs', 'failFastMs', 'lockRetryMs', 'lockRetryMaxMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw invalid(`option '${name}' must be a number ≥ 0`);
  }
  if (options.prefix !== undefined && typeof options.prefix !== 'string')
    throw invalid("option 'prefix' must be a string");
}

/**
 * A {@link TokenStore} on Redis, so that every process and host using the same account shares one
 * token and one renewal: with it, a fleet logs in once, and rotating refresh tokens are never
 * spent twice.
 *
 * - Entries: `${prefix}token:${key}`, JSON (`token`, `obtainedAt`, `version`, and `credential`
 *   when the entry has one), expiring with the token (`PX`). `set` stages the entry at
 *   `${prefix}staging:<random>` and, in the same round trip, runs a Lua compare-and-set that moves
 *   it into place only if its `version` is greater than the stored one's (so that the entry, which
 *   holds tokens, is never a script argument that node-redis's tracing channel publishes);
 *   `delete(key, version)` is a Lua compare-and-delete that removes the entry only while it has
 *   that version.
 * - Lock: `SET ${prefix}lock:${key} <owner> NX PX <ttl>`, retried with bounded exponential backoff
 *   and jitter until taken or `ttl` has passed; released by a Lua compare-and-delete on the owner,
 *   so an expired lock taken over by another process is never released by the late first holder.
 * - Trouble: every command has a timeout (`commandTimeoutMs`), commands are refused rather than
 *   queued while disconnected, and after a failure the store fails fast for `failFastMs`. authwire
 *   then reports `store-error` and keeps serving in-process: Redis trouble alone never fails a
 *   request. Connection errors never surface as unhandled `error` events.
 *
 * @param options - a `url` (the store owns the client) or a connected `client` (you own it), the
 *   key prefix and timing
 * @returns the store; `close()` closes a client it created
 * @example
 * ```ts
 * import { createRedisStore } from '@authwire/redis';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const store = createRedisStore({ url: process.env.REDIS_URL! });
 * const provider = mastersIndia(config, { store, onEvent: (e) => e.type === 'store-error' && console.warn(e.message) });
 * // … on shutdown
 * await store.close();
 * ```
 */
export function createRedisStore(options: RedisStoreOptions): RedisTokenStore {
  checkOptions(options);
  const prefix = options.prefix ?? 'authwire:';
  const commandTimeoutMs = options.commandTimeoutMs ?? 300;
  const failFastMs = options.failFastMs ?? 1000;
  const lockRetryMs = options.lockRetryMs ?? 10;
  const lockRetryMaxMs = options.lockRetryMaxMs ?? 200;
  const ignore = () => undefined;

  // The last connection error, to say why calls fail (listening also keeps an `error` event
  // from crashing the process); cleared once the client is ready again.
  let lastError: string | undefined;
  const onError = (error: unknown) => {
    lastError = error instanceof Error ? error.message || error.name : String(error);
  };
  const onReady = () => {
    lastError = undefined;
  };
  let client: RedisClientLike;
  let connected: Promise<unknown> | undefined;
  let close: () => Promise<void>;
  if (options.url !== undefined) {
    // RESP2: the store needs nothing RESP3 adds, and node-redis 6 would otherwise open every
    // connection with HELLO 3 (refused by proxies and servers before Redis 6) and the maintenance
    // handshake RESP3 turns on (a DNS lookup of the host and one more command per connection).
    const own = createClient({ url: options.url, disableOfflineQueue: true, RESP: 2 });
    own.on('error', onError).on('ready', onReady);
    connected = own.connect().catch(ignore);
    client = own;
    close = async () => {
      if (own.isOpen) own.destroy();
    };
  } else {
    client = options.client as RedisClientLike;
    client.on('error', onError);
    client.on('ready', onReady);
    close = async () => undefined;
  }

  let failingUntil = 0;
  let failure = '';

  /**
   * Commands under one timeout, resolving to the last one's reply; a failure makes the store fail
   * fast for a while (`always`: send them anyway, e.g. a lock release, which must not leave a lock
   * behind to block others).
   */
  async function run(commands: string[][], always = false): Promise<unknown> {
    if (!always && Date.now() < failingUntil) throw new Error(`redis unavailable, failing fast after: ${failure}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let abandoned = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`redis command timed out after ${commandTimeoutMs} ms`)),
        commandTimeoutMs,
      );
    });
    const command = (async () => {
      await connected;
      // Timed out while connecting: never send it late (a late lock would block the fleet).
      if (abandoned) throw new Error('abandoned');
      connected = undefined;
      // Sent in the same tick: the client writes them in order, in one round trip.
      const replies = await Promise.all(commands.map((args) => client.sendCommand(args)));
      return replies.at(-1);
    })();
    try {
      return await Promise.race([command, timeout]);
    } catch (error) {
      abandoned = true;
      command.catch(ignore);
      const message = error instanceof Error ? error.message : String(error);
      failure = lastError === undefined || message.includes(lastError) ? message : `${message} (${lastError})`;
      failingUntil = Date.now() + failFastMs;
      throw new Error(failure, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  const tokenKey = (key: string) => `${prefix}token:${key}`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;

  return {
    async get(key) {
      return parseEntry(await run([['GET', tokenKey(key)]]));
    },
    async set(key, entry, ttlMs) {
      const px = Number.isFinite(ttlMs) ? Math.max(1, Math.ceil(ttlMs)) : 0;
      const { token, obtainedAt, version, credential } = entry;
      // The entry's fields only, whatever else the object carries; JSON leaves out an absent credential.
      const value = JSON.stringify({ token, obtainedAt, version, credential });
      const staged = `${prefix}staging:${randomUUID()}`;
      const written = await run([
        ['SET', staged, value, 'PX', String(STAGING_TTL_MS)],
        ['EVAL', SET_IF_NEWER, '2', tokenKey(key), staged, String(version), String(px)],
      ]);
      if (Number(written) === -1) throw new Error('redis lost the staged entry before writing it');
    },
    async delete(key, version) {
      if (version === undefined) await run([['DEL', tokenKey(key)]]);
      else await run([['EVAL', DELETE_IF_VERSION, '1', tokenKey(key), String(version)]]);
    },
    async lock(key, ttlMs) {
      const name = lockKey(key);
      const owner = randomUUID();
      const release = () => client.sendCommand(['EVAL', RELEASE_IF_OWNER, '1', name, owner]);
      // A lock taken with the same TTL before we started has expired by then; the grace covers
      // timer and clock granularity, so that the last attempt lands after that expiry.
      const deadline = Date.now() + ttlMs + LOCK_GRACE_MS;
      for (let attempt = 0; ; attempt++) {
        let reply: unknown;
        try {
          reply = await run([['SET', name, owner, 'NX', 'PX', String(Math.max(1, Math.ceil(ttlMs)))]]);
        } catch (error) {
          // A SET that timed out may still run once Redis answers again: undo it right after it.
          release().catch(ignore);
          throw error;
        }
        // String(): a client of yours may map simple strings to Buffers (`withTypeMapping`).
        if (String(reply) === 'OK') {
          return async () => {
            await run([['EVAL', RELEASE_IF_OWNER, '1', name, owner]], true);
          };
        }
        if (Date.now() >= deadline) throw new Error(`redis lock not acquired within ${ttlMs} ms`);
        await backoff(attempt, lockRetryMs, lockRetryMaxMs, deadline);
      }
    },
    close,
  };
}
