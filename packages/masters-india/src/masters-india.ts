import {
  type AdapterContext,
  defineProvider,
  type ProviderFactory,
  type RefreshableToken,
  refreshUnsupported,
  staticKey,
  type TokenProvider,
  type TokenProviderOptions,
  type TokenRequest,
  validateConfig,
} from '@authwire/core';
import { DEFAULT_LIFETIME_MS, isTokenRejected, readAnswer } from './read-answer.js';
import {
  type MastersIndiaConfig,
  MastersIndiaConfigSchema,
  type MastersIndiaKeyConfig,
  MastersIndiaKeyConfigSchema,
  type MastersIndiaLoginConfig,
  MastersIndiaLoginConfigSchema,
} from './schemas.js';

const HOSTS = {
  platform: 'https://api-platform.mastersindia.co',
  sandbox: 'https://sandb-api.mastersindia.co',
  production: 'https://prod-api.mastersindia.co',
} as const;

/** The JWT login: `Authorization: JWT <token>`, renewed by refresh or login. */
const withLogin: ProviderFactory<MastersIndiaLoginConfig> = defineProvider({
  name: 'masters-india',
  configSchema: MastersIndiaLoginConfigSchema,
  secretFields: ['password'],
  createAdapter: (config) => {
    const { username, password, apiVersion, bodyEncoding, refreshPath, headers } = config;
    const host = config.baseUrl ?? HOSTS[config.environment ?? 'platform'];
    const withHeaders = (init: TokenRequest): TokenRequest => (headers === undefined ? init : { ...init, headers });
    const credentials = { username, password };
    return {
      // v1 and v2 logins are cached apart: the login path's base is the cache key's base.
      baseUrl: `${host}/api/${apiVersion}`,
      account: username,
      // Also what core uses for a token that looks expired on arrival (clock skew), not 1 h.
      defaultLifetimeMs: DEFAULT_LIFETIME_MS,
      isTokenRejected,
      async login(ctx: AdapterContext) {
        const body = bodyEncoding === 'form' ? { form: credentials } : { json: credentials };
        return readAnswer(ctx, await ctx.request(`${host}/api/${apiVersion}/token-auth/`, withHeaders(body)));
      },
      ...(config.refresh === 'auto' && {
        async refresh(token: RefreshableToken, ctx: AdapterContext) {
          const res = await ctx.request(`${host}${refreshPath}`, withHeaders({ json: { token: token.refreshToken } }));
          // This host has no refresh endpoint: refresh turns off for this provider, it logs in instead.
          if (res.status === 404 || res.status === 405) {
            return refreshUnsupported(ctx.httpError(res, { detail: 'no refresh endpoint; refresh is now off' }));
          }
          // On refresh, a 400 means the refresh token has expired: a refused credential.
          if (res.status === 400) {
            throw ctx.httpError(res, { code: 'INVALID_CREDENTIALS', detail: 'the refresh token has expired' });
          }
          return readAnswer(ctx, res);
        },
      }),
    };
  },
});

/** The permanent key: `api_key: <key>` to the host's origin, through core's `staticKey`. */
function withKey(input: MastersIndiaKeyConfig, options?: TokenProviderOptions): TokenProvider {
  const apiKey = typeof input.apiKey === 'string' && input.apiKey !== '' ? [input.apiKey] : [];
  const config = validateConfig('masters-india', MastersIndiaKeyConfigSchema, input, apiKey);
  const host = config.baseUrl ?? HOSTS[config.environment ?? 'platform'];
  return staticKey(
    { value: config.apiKey, header: 'api_key', origins: [new URL(host).origin], name: 'masters-india' },
    options,
  );
}

const holdsKey = (config: unknown): config is MastersIndiaKeyConfig =>
  typeof config === 'object' && config !== null && 'apiKey' in config;

/**
 * Creates a token provider for Masters India (GST, e-way bill, e-invoice, logistics APIs). With
 * `username` and `password` it logs in at `/api/{v1|v2}/token-auth/`, sends
 * `Authorization: JWT <token>`, renews with the refresh token when it can, and caches per
 * account. With `apiKey` instead (e-way bill and e-invoice), it sends `api_key: <key>` to the
 * host's origin: no login, no expiry. Exactly one of the two; the config is checked at once
 * (`CONFIG_INVALID` names every bad field, never a value).
 *
 * @param config - credentials or key, and host; see {@link MastersIndiaConfig}
 * @param options - runtime options of `@authwire/core`: `fetch`, `store`, `clock`, `onEvent`, timing
 * @returns the provider: `getToken()`, `getAuthorizationHeader()`, `invalidate()`
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const provider = mastersIndia({ username: process.env.MI_USERNAME!, password: process.env.MI_PASSWORD! });
 * const api = withAuth(provider);
 * const res = await api('https://api-platform.mastersindia.co/api/v1/some-endpoint/');
 *
 * // e-way bill and e-invoice also take a permanent key:
 * const keyed = withAuth(mastersIndia({ apiKey: process.env.MI_API_KEY!, environment: 'production' }));
 * await keyed('https://prod-api.mastersindia.co/api/v1/getEwayBillData/?ewayBillNo=331000000001');
 * mastersIndia.providerName; // 'masters-india'
 * ```
 */
export const mastersIndia: ProviderFactory<MastersIndiaConfig> = Object.assign(
  (config: MastersIndiaConfig, options?: TokenProviderOptions): TokenProvider =>
    holdsKey(config) ? withKey(config, options) : withLogin(config, options),
  {
    providerName: 'masters-india',
    configSchema: MastersIndiaConfigSchema,
    secretFields: ['password', 'apiKey'] as const,
  },
);
