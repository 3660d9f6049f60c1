import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { TokenStore } from '@authwire/core';
import { createFileStore } from '@authwire/core/node';
import type { ParsedCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

/** The token store of one run, what to call it in `--verbose` output, and how to let it go. */
export interface OpenedStore {
  readonly store: TokenStore | undefined;
  /** `file /home/me/.cache/authwire`, `redis redis.internal:6379`, `none (--no-cache)`: never a credential. */
  readonly description: string;
  close(): Promise<void>;
}

const MISSING_REDIS = '--store redis://… needs @authwire/redis: npm i @authwire/redis';

/** `$XDG_CACHE_HOME/authwire` (an absolute XDG_CACHE_HOME only, as the spec says), else `~/.cache/authwire`. */
export function defaultCacheDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'authwire');
  const home = env.HOME !== undefined && isAbsolute(env.HOME) ? env.HOME : homedir();
  return join(home, '.cache', 'authwire');
}

/** Loads `@authwire/redis`, an optional peer: installed only where a Redis store is used. */
async function loadRedis(): Promise<typeof import('@authwire/redis').createRedisStore> {
  try {
    return (await import('@authwire/redis')).createRedisStore;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'ERR_MODULE_NOT_FOUND' && /['"](?:@authwire\/redis|redis)['"/]/.test(String(message))) {
      throw new UsageError(MISSING_REDIS);
    }
    throw error;
  }
}

const none = (description: string): OpenedStore => ({ store: undefined, description, close: async () => {} });

/**
 * Opens the token store a command line asks for: none with `--no-cache`, Redis for
 * `--store redis://…`, a file store at `--store <dir>`, else the file store in the user's cache
 * directory (created `0700`; its files are `0600` and bound to the credentials by the engine).
 *
 * @param values - the parsed config options
 * @param env - the environment (XDG_CACHE_HOME, HOME)
 * @returns the store
 * @throws UsageError for `--no-cache` with `--store`, or a Redis store without `@authwire/redis`
 */
export async function openStore(
  values: ParsedCommandLine['values'],
  env: Record<string, string | undefined>,
): Promise<OpenedStore> {
  const target = values.store;
  if (values['no-cache'] === true) {
    if (typeof target === 'string') throw new UsageError('--no-cache and --store exclude each other');
    return none('none (--no-cache)');
  }
  if (typeof target === 'string' && /^rediss?:\/\//i.test(target)) {
    const createRedisStore = await loadRedis();
    const store = createRedisStore({ url: target });
    // The URL may hold a password: only the host is ever shown.
    let host = 'redis';
    try {
      host = new URL(target).host;
    } catch {}
    return { store, description: `redis ${host}`, close: () => store.close() };
  }
  const dir = typeof target === 'string' ? target : defaultCacheDir(env);
  if (typeof target !== 'string') {
    // Our own directory: made private even if an earlier tool created it readable by others.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  }
  return { store: createFileStore({ path: dir }), description: `file ${dir}`, close: async () => {} };
}
