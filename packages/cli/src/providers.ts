import { createProvider, staticKey, type TokenProvider, type TokenProviderOptions } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { oauth2 } from '@authwire/oauth2';
import { unionService } from '@authwire/union-service';

/** The providers the CLI knows. */
export const PROVIDERS = [mastersIndia, unionService, oauth2, staticKey] as const;

/** Their names, for help texts: `masters-india | union-service | oauth2 | static-key`. */
export const PROVIDER_NAMES = PROVIDERS.map((factory) => factory.providerName);

/**
 * Every config field any known provider declares secret (`password`, `apiKey`, `clientSecret`,
 * `value`): refused on the command line, whichever provider is chosen.
 */
export const SECRET_FIELDS: readonly string[] = [...new Set(PROVIDERS.flatMap((factory) => factory.secretFields))];

/** The secret fields of the provider a config names (none for an unknown provider). */
export const secretFieldsOf = (config: Record<string, unknown>): readonly string[] =>
  PROVIDERS.find((factory) => factory.providerName === config.provider)?.secretFields ?? [];

/** The string values of the secret fields of every known provider in `config`: what must never be printed. */
export const secretValuesOf = (config: Record<string, unknown>): string[] =>
  SECRET_FIELDS.flatMap((field) => {
    const value = config[field];
    return typeof value === 'string' && value !== '' ? [value] : [];
  });

/**
 * Builds the provider a config names, from the providers the CLI knows.
 *
 * @param config - `{ provider, ...providerConfig }`, from {@link loadConfig}
 * @param options - runtime options: the token store, `onEvent`, `fetch`
 * @returns the provider
 * @throws AuthError `CONFIG_INVALID` naming every invalid field, never a value
 */
export function buildProvider(config: Record<string, unknown>, options: TokenProviderOptions = {}): TokenProvider {
  return createProvider(config, { ...options, providers: PROVIDERS });
}
