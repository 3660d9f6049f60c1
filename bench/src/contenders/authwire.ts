import { authHooks, createMemoryStore, type TokenProvider, withAuth } from '@authwire/core';
import { type MastersIndiaConfig, mastersIndia } from '@authwire/masters-india';
import ky from 'ky';
import { kyGet } from './ky-get.js';
import type { BenchEnv, Contender } from './types.js';

/** A Masters India provider on the emulator, with its own store (no token shared between contenders). */
export function authwireProvider(env: BenchEnv): TokenProvider {
  return mastersIndia(env.emulator.mastersIndia.config() as unknown as MastersIndiaConfig, {
    store: createMemoryStore(),
  });
}

/** `withAuth(provider)` around the global fetch, its origins set to the API server's. */
export function authwireFetch(env: BenchEnv): Contender {
  const api = withAuth(authwireProvider(env), { origins: [env.api.origin] });
  return {
    name: 'authwire withAuth(fetch)',
    async get(url) {
      const response = await api(url);
      await response.json();
      return response.status;
    },
  };
}

/**
 * `ky.create({ hooks: authHooks(provider) })`.
 *
 * @param timeout - ky's `timeout` (default 10 s), per request
 */
export function authwireKy(env: BenchEnv, timeout: number | false = 10_000): Contender {
  const api = ky.create({ timeout, hooks: authHooks(authwireProvider(env), { origins: [env.api.origin] }) });
  return { name: 'authwire ky + authHooks', get: (url) => kyGet(api, url) };
}
