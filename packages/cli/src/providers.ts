import { createProvider, type TokenProvider } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';

/** The providers the CLI knows. */
export const PROVIDERS = [mastersIndia, unionService] as const;

/** The secret fields of the provider a config names (none for an unknown provider). */
export const secretFieldsOf = (config: Record<string, unknown>): readonly string[] =>
  PROVIDERS.find((factory) => factory.providerName === config.provider)?.secretFields ?? [];

/**
 * Builds the provider a config names, from the providers the CLI knows.
 *
 * @param config - `{ provider, ...providerConfig }`, from {@link loadConfig}
 * @returns the provider
 * @throws AuthError `CONFIG_INVALID` naming every invalid field, never a value
 */
export function buildProvider(config: Record<string, unknown>): TokenProvider {
  return createProvider(config, { providers: PROVIDERS });
}
