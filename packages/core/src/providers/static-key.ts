import * as v from 'valibot';
import type { ProviderFactory } from '../config/define-provider.js';
import { isHeaderName, isHeaderValue } from '../config/headers.js';
import { originsSchema } from '../config/origins.js';
import { validateConfig } from '../config/validate-config.js';
import { EMIT } from '../engine/create-token-provider.js';
import { abortedError } from '../engine/wait-for.js';
import type { AuthEvent } from '../types/events.js';
import type { TokenProviderOptions } from '../types/options.js';
import type { AccessToken, GetTokenOptions, TokenProvider } from '../types/token.js';

// Module-level work is marked pure (and the schema built in one): a bundle that does not use
// static keys (an adapter's import of core) drops all of it.
const inspectSymbol = /* @__PURE__ */ Symbol.for('nodejs.util.inspect.custom');

/** The valibot schema of {@link StaticKeyConfig}. */
export const StaticKeyConfigSchema = /* @__PURE__ */ (() =>
  v.strictObject({
    /** The key. */
    value: v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must not be empty'),
      v.check(isHeaderValue, 'must be Latin-1 text without line breaks or control characters'),
    ),
    header: v.optional(
      v.pipe(v.string('must be a string'), v.check(isHeaderName, 'must be a valid HTTP header name')),
      'authorization',
    ),
    scheme: v.optional(
      v.pipe(
        v.string('must be a string'),
        v.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]*$/, 'must be one word, such as Bearer'),
      ),
      '',
    ),
    origins: originsSchema(),
    name: v.optional(v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')), 'static-key'),
  }))();

/**
 * The config of {@link staticKey}: plain data (JSON, environment).
 *
 * @example
 * ```ts
 * import type { StaticKeyConfig } from '@authwire/core';
 *
 * const config: StaticKeyConfig = { value: process.env.API_KEY!, header: 'x-api-key', origins: ['https://api.example.com'] };
 * ```
 */
export interface StaticKeyConfig {
  /** The key, sent as it is (after the scheme, if any). A secret: redacted everywhere. */
  value: string;
  /**
   * The header it goes in.
   * @default 'authorization'
   */
  header?: string;
  /**
   * The scheme before the key: `'Bearer'` sends `Bearer <key>`; empty sends the key alone.
   * @default ''
   */
  scheme?: string;
  /** The origins the key may be sent to (required, at least one): the APIs it is for. */
  origins: string[];
  /**
   * The provider's name, in events and errors.
   * @default 'static-key'
   */
  name?: string;
}

/** Far beyond any clock: the key never expires. */
const NEVER = 8.64e15;

/**
 * Creates a provider of a key that never expires — an API key, a personal access token, Masters
 * India's `api_key` — with every binding's guarantees: sent only to `origins`, never over a
 * caller's own credential header, never to a foreign redirect, redacted like any token, and
 * config-driven like any provider (`createProvider` with `provider: 'static-key'`). It makes
 * no request and holds no timer. A rejected key cannot be renewed: `isTokenRejected` answers
 * false, so bindings return a 401 as it is and never replay.
 *
 * @param config - the key, its header and scheme, and the origins it is for; see {@link StaticKeyConfig}
 * @param options - runtime options; only `onEvent` applies (bindings report `token-withheld`)
 * @returns the provider
 * @example
 * ```ts
 * import { staticKey, withAuth } from '@authwire/core';
 *
 * const provider = staticKey({ value: process.env.API_KEY!, header: 'x-api-key', origins: ['https://api.example.com'] });
 * const api = withAuth(provider);
 * const res = await api('https://api.example.com/v1/orders'); // x-api-key: <key>
 * staticKey.providerName; // 'static-key'
 * ```
 */
export const staticKey: ProviderFactory<StaticKeyConfig> = /* @__PURE__ */ Object.assign(
  (input: StaticKeyConfig, options: TokenProviderOptions = {}): TokenProvider =>
    createStaticKeyProvider(validateConfig('static-key', StaticKeyConfigSchema, input, secretOf(input)), options),
  { providerName: 'static-key', configSchema: StaticKeyConfigSchema, secretFields: ['value'] as const },
);

const secretOf = (input: unknown): string[] => {
  const value = typeof input === 'object' && input !== null ? (input as { value?: unknown }).value : undefined;
  return typeof value === 'string' && value !== '' ? [value] : [];
};

/** The provider of a validated static-key config: no engine, no store, no request. */
function createStaticKeyProvider(
  config: v.InferOutput<typeof StaticKeyConfigSchema>,
  options: TokenProviderOptions = {},
): TokenProvider {
  const { value, scheme, name, origins } = config;
  const header = scheme === '' ? value : `${scheme} ${value}`;
  const token = (): AccessToken => ({ value, scheme, expiresAt: NEVER });
  const ready = (getOptions?: GetTokenOptions) => {
    const signal = getOptions?.signal;
    if (signal?.aborted) {
      return Promise.reject(abortedError(name));
    }
    return undefined;
  };
  const describe = () => ({ name, origins });
  const { onEvent } = options;
  return {
    name,
    origins,
    headerName: config.header.toLowerCase(),
    getToken: (getOptions) => ready(getOptions) ?? Promise.resolve(token()),
    getAuthorizationHeader: (getOptions) => ready(getOptions) ?? Promise.resolve(header),
    invalidate: () => Promise.resolve(),
    isTokenRejected: () => false,
    [EMIT]: (event: AuthEvent) => {
      try {
        onEvent?.(event);
      } catch {
        // A listener's failure is not the caller's failure.
      }
    },
    toJSON: describe,
    [inspectSymbol]: () => `TokenProvider ${JSON.stringify(describe())}`,
  } as TokenProvider;
}
