import { configKeys } from '@authwire/core';
import { PROVIDERS } from './providers.js';

/**
 * The config keys of the provider `name` (`provider` included), or undefined for an unknown one.
 *
 * @param name - a provider's name
 * @returns its keys
 */
export function knownKeysOf(name: unknown): ReadonlySet<string> | undefined {
  const factory = PROVIDERS.find((candidate) => candidate.providerName === name);
  return factory === undefined ? undefined : new Set(['provider', ...configKeys(factory.configSchema)]);
}
