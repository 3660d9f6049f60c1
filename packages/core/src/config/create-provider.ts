import { AuthError } from '../errors/auth-error.js';
import type { TokenProviderOptions } from '../types/options.js';
import type { TokenProvider } from '../types/token.js';
import type { ProviderFactory } from './define-provider.js';

/**
 * Options of {@link createProvider}: the known provider factories, and the runtime options
 * handed to the chosen one.
 *
 * @example
 * ```ts
 * import type { CreateProviderOptions } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 * import { unionService } from '@authwire/union-service';
 *
 * const options: CreateProviderOptions = { providers: [mastersIndia, unionService], onEvent: console.log };
 * ```
 */
export interface CreateProviderOptions extends TokenProviderOptions {
  // biome-ignore lint/suspicious/noExplicitAny: each factory has its own config type
  providers: readonly ProviderFactory<any>[];
}

/**
 * Config-driven provider choice: picks the factory named by `config.provider` and builds it
 * from the rest of `config` (plain data: a JSON file, env).
 *
 * @param config - `{ provider: 'masters-india' | 'union-service' | …, ...providerConfig }`
 * @param options - the known factories and the runtime options
 * @returns the provider
 * @throws AuthError `CONFIG_INVALID` for an unknown provider (listing the known ones) or an invalid config
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { createProvider } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 * import { unionService } from '@authwire/union-service';
 *
 * // auth.json: { "provider": "masters-india", "username": "me@example.com", "password": "…" }
 * const provider = createProvider(JSON.parse(await readFile('auth.json', 'utf8')), {
 *   providers: [mastersIndia, unionService],
 * });
 * ```
 */
export function createProvider(config: unknown, options: CreateProviderOptions): TokenProvider {
  const { providers, ...providerOptions } = options;
  const known = providers.map((factory) => factory.providerName).join(', ');
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new AuthError(
      'CONFIG_INVALID',
      `invalid config: expected an object with a "provider" field (one of: ${known})`,
    );
  }
  const { provider: name, ...rest } = config as Record<string, unknown>;
  if (name !== undefined && typeof name !== 'string') {
    throw new AuthError('CONFIG_INVALID', `invalid config: provider must be a string naming one of: ${known}`);
  }
  if (typeof name !== 'string') {
    throw new AuthError(
      'CONFIG_INVALID',
      `invalid config: provider is missing (one of: ${known}; from the environment: AUTHWIRE_PROVIDER)`,
    );
  }
  const factory = providers.find((candidate) => candidate.providerName === name);
  if (factory === undefined) {
    throw new AuthError('CONFIG_INVALID', `invalid config: unknown provider "${name}" (known: ${known || 'none'})`);
  }
  return factory(rest, providerOptions);
}
