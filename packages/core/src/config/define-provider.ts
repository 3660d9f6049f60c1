import type { GenericSchema, InferInput, InferOutput } from 'valibot';
import { createTokenProvider } from '../engine/create-token-provider.js';
import type { AuthAdapter, ProviderAdapter } from '../types/adapter.js';
import type { TokenProviderOptions } from '../types/options.js';
import type { TokenProvider } from '../types/token.js';
import { validateConfig } from './validate-config.js';

/**
 * An adapter package's factory: `(config, options?) => TokenProvider`, carrying the provider's
 * name, config schema and secret fields for config-driven creation (`createProvider`) and tools
 * (the CLI masks `secretFields`).
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const provider = mastersIndia({ username: 'me@example.com', password: process.env.MI_PASSWORD! }, { onEvent: console.log });
 * mastersIndia.providerName; // 'masters-india'
 * mastersIndia.secretFields; // ['password']
 * ```
 */
export interface ProviderFactory<Config = unknown> {
  (config: Config, options?: TokenProviderOptions): TokenProvider;
  readonly providerName: string;
  readonly configSchema: GenericSchema;
  /** The config fields that hold secrets: redacted from every message, masked by tools. */
  readonly secretFields: readonly string[];
}

/**
 * What {@link defineProvider} takes: the provider's name (written once), its config schema, the
 * config fields that are secrets, and the adapter builder.
 *
 * @example
 * ```ts
 * import { baseUrlSchema, defineProvider, type ProviderDefinition } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const AcmeConfig = v.object({ baseUrl: baseUrlSchema(), username: v.string(), password: v.string() });
 * const definition: ProviderDefinition<typeof AcmeConfig> = {
 *   name: 'acme',
 *   configSchema: AcmeConfig,
 *   secretFields: ['password'],
 *   createAdapter: ({ baseUrl, username, password }) => ({
 *     baseUrl,
 *     account: username,
 *     async login(ctx) {
 *       const res = await ctx.request(`${baseUrl}/oauth/token`, { form: { grant_type: 'password', username, password } });
 *       if (res.status !== 200) throw ctx.httpError(res);
 *       const body = ctx.parse(v.object({ access_token: v.string() }), res);
 *       return { value: body.access_token, scheme: 'Bearer', expiresAt: res.sentAt + 3_600_000 };
 *     },
 *   }),
 * };
 * export const acme = defineProvider(definition);
 * ```
 */
export interface ProviderDefinition<S extends GenericSchema> {
  /** The provider's name: the factory's `providerName`, the adapter's, the events'. */
  name: string;
  /** A valibot schema of the config: plain, serializable data. */
  configSchema: S;
  /**
   * The config fields that hold secrets (passwords, client secrets, API keys): declared once,
   * they are redacted from every error message and cause, never shown by `CONFIG_INVALID`, bind
   * cached tokens to the credentials that obtained them, and are masked by the CLI.
   */
  secretFields: readonly (keyof InferOutput<S> & string)[];
  /** The protocol, from the validated config. */
  createAdapter: (config: InferOutput<S>) => ProviderAdapter;
}

const secretValues = (config: unknown, fields: readonly string[]): string[] =>
  typeof config === 'object' && config !== null
    ? fields.flatMap((field) => {
        const value = (config as Record<string, unknown>)[field];
        return typeof value === 'string' && value !== '' ? [value] : [];
      })
    : [];

/**
 * Turns a provider definition into its {@link ProviderFactory}. Everything every adapter would
 * otherwise repeat lives here: the name (written once), config validation at the moment the
 * factory is called (`CONFIG_INVALID` names every bad field and never shows a secret), the
 * origins and cache key derived from the adapter's `baseUrl` and `account`, and the secrets
 * declared by field name.
 *
 * @param definition - the provider's name, config schema, secret fields and adapter builder
 * @returns the factory, exported by the adapter package under the provider's name
 * @example
 * ```ts
 * import { baseUrlSchema, defineProvider } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * export const acme = defineProvider({
 *   name: 'acme',
 *   configSchema: v.object({ baseUrl: baseUrlSchema(), username: v.string(), password: v.string() }),
 *   secretFields: ['password'],
 *   createAdapter: ({ baseUrl, username, password }) => ({
 *     baseUrl,
 *     account: username,
 *     async login(ctx) {
 *       const res = await ctx.request(`${baseUrl}/oauth/token`, { json: { username, password } });
 *       if (res.status !== 200) throw ctx.httpError(res);
 *       const body = ctx.parse(v.object({ access_token: v.string(), expires_in: v.number() }), res);
 *       return { value: body.access_token, scheme: 'Bearer', expiresAt: res.sentAt + body.expires_in * 1000 };
 *     },
 *   }),
 * });
 * ```
 */
export function defineProvider<S extends GenericSchema>(
  definition: ProviderDefinition<S>,
): ProviderFactory<InferInput<S>> {
  const { name, configSchema, secretFields } = definition;
  const factory = (input: InferInput<S>, options?: TokenProviderOptions) => {
    const config = validateConfig(name, configSchema, input, secretValues(input, secretFields));
    const spec = definition.createAdapter(config);
    // Read once, kept in this closure: no property of the adapter holds a secret.
    const secrets = secretValues(config, secretFields);
    const adapter: AuthAdapter = {
      name,
      origins: spec.origins ?? [new URL(spec.baseUrl).origin],
      cacheKey: `${name}|${spec.baseUrl}|${spec.account}`,
      secrets: () => secrets,
      login: (ctx) => spec.login(ctx),
    };
    const { defaultLifetimeMs, headerName, isTokenRejected } = spec;
    if (defaultLifetimeMs !== undefined) Object.assign(adapter, { defaultLifetimeMs });
    if (headerName !== undefined) Object.assign(adapter, { headerName });
    if (isTokenRejected !== undefined) adapter.isTokenRejected = (response) => isTokenRejected.call(spec, response);
    const refresh = spec.refresh;
    if (refresh !== undefined) adapter.refresh = (token, ctx) => refresh.call(spec, token, ctx);
    return createTokenProvider(adapter, options);
  };
  return Object.assign(factory, { providerName: name, configSchema, secretFields: [...secretFields] });
}
