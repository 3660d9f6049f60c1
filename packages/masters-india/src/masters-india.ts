import {
  type AccessToken,
  type AdapterContext,
  type AuthAdapter,
  defineProvider,
  type ProviderFactory,
  type TokenRequest,
} from '@authwire/core';
import type { MastersIndiaConfig } from './config.js';
import { DEFAULT_LIFETIME_MS, readTokenAnswer } from './read-token-answer.js';
import { MastersIndiaConfigSchema, type ResolvedConfig } from './schemas.js';

const HOSTS = {
  platform: 'https://api-platform.mastersindia.co',
  sandbox: 'https://sandb-api.mastersindia.co',
  production: 'https://prod-api.mastersindia.co',
} as const;

function createAdapter(config: ResolvedConfig): AuthAdapter {
  // Destructured so that the password lives in this closure only, never on an object.
  const { username, password, apiVersion, bodyEncoding, refreshPath, headers } = config;
  const baseUrl = config.baseUrl ?? HOSTS[config.environment ?? 'platform'];
  const loginUrl = `${baseUrl}/api/${apiVersion}/token-auth/`;
  const refreshUrl = `${baseUrl}${refreshPath}`;
  const withHeaders = (init: TokenRequest): TokenRequest => (headers === undefined ? init : { ...init, headers });

  const adapter: AuthAdapter = {
    name: 'masters-india',
    origins: [new URL(baseUrl).origin],
    cacheKey: `masters-india|${baseUrl}|${apiVersion}|${username}`,
    // Also what core uses for a token that looks expired on arrival (clock skew), not 1 h.
    defaultLifetimeMs: DEFAULT_LIFETIME_MS,
    secrets: () => [password],
    async login(ctx: AdapterContext) {
      const credentials = { username, password };
      const res = await ctx.request(
        loginUrl,
        withHeaders(bodyEncoding === 'form' ? { form: credentials } : { json: credentials }),
      );
      return readTokenAnswer(ctx, res, 'login');
    },
  };
  if (config.refresh === 'auto') {
    adapter.refresh = async (token: AccessToken, ctx: AdapterContext) => {
      const res = await ctx.request(refreshUrl, withHeaders({ json: { token: token.refreshToken } }));
      if (res.status === 404 || res.status === 405) {
        // This host has no refresh endpoint: core checks `adapter.refresh` on every renewal.
        delete adapter.refresh;
        throw ctx.httpError(res, 'refresh', { detail: 'no refresh endpoint; refresh is now off for this provider' });
      }
      return readTokenAnswer(ctx, res, 'refresh');
    };
  }
  return adapter;
}

/**
 * Creates a token provider for Masters India (GST, e-way bill, e-invoice, logistics APIs):
 * logs in at `/api/{v1|v2}/token-auth/`, sends `Authorization: JWT <token>`, renews with the
 * refresh token when it can, and caches per account. The config is checked at once
 * (`CONFIG_INVALID` names every bad field, never a value).
 *
 * @param config - credentials and host; see {@link MastersIndiaConfig}
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
 * mastersIndia.providerName; // 'masters-india'
 * ```
 */
export const mastersIndia: ProviderFactory<MastersIndiaConfig> = defineProvider({
  name: 'masters-india',
  configSchema: MastersIndiaConfigSchema,
  createAdapter,
});
