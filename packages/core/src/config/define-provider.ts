import type { GenericSchema, InferInput, InferOutput } from 'valibot';
import { createTokenProvider } from '../engine/create-token-provider.js';
import type { AuthAdapter } from '../types/adapter.js';
import type { TokenProviderOptions } from '../types/options.js';
import type { TokenProvider } from '../types/token.js';
import { validateConfig } from './validate-config.js';

/**
 * An adapter package's factory: `(config, options?) => TokenProvider`, carrying the
 * provider's name and config schema for config-driven creation.
 *
 * @example
 * ```ts
 * const provider = mastersIndia({ username, password }, { onEvent: console.log });
 * mastersIndia.providerName; // 'masters-india'
 * ```
 */
export interface ProviderFactory<Config = unknown> {
  (config: Config, options?: TokenProviderOptions): TokenProvider;
  readonly providerName: string;
  readonly configSchema: GenericSchema;
}

/**
 * Turns a config schema and an adapter builder into a {@link ProviderFactory}. The config is
 * validated the moment the factory is called (`CONFIG_INVALID` names every bad field).
 *
 * @param definition - the provider's name, its valibot config schema and the adapter builder
 * @returns the factory, named after the provider by the package that exports it
 * @example
 * ```ts
 * export const acme = defineProvider({
 *   name: 'acme',
 *   configSchema: v.object({ baseUrl: baseUrlSchema(), username: v.string(), password: v.string() }),
 *   createAdapter: (config) => acmeAdapter(config),
 * });
 * ```
 */
export function defineProvider<S extends GenericSchema>(definition: {
  name: string;
  configSchema: S;
  createAdapter: (config: InferOutput<S>) => AuthAdapter;
}): ProviderFactory<InferInput<S>> {
  const factory = (config: InferInput<S>, options?: TokenProviderOptions) =>
    createTokenProvider(
      definition.createAdapter(validateConfig(definition.name, definition.configSchema, config)),
      options,
    );
  return Object.assign(factory, { providerName: definition.name, configSchema: definition.configSchema });
}
