import { defineProvider, type ProviderFactory } from '@authwire/core';
import { readAnswer } from './read-answer.js';
import { type UnionServiceConfig, UnionServiceConfigSchema } from './schemas.js';

// As the auth page's curl examples send them.
const HEADERS = {
  accept: 'application/vnd.restful+json',
  'content-type': 'application/json-patch+json',
};

/**
 * Tokens for IstPay's Union API ("union-service"): Keycloak behind an ASP.NET gateway,
 * `Authorization: Bearer <token>`, rotating refresh tokens.
 *
 * Logs in with `POST {baseUrl}{pathPrefix}/auth/token?api-version=…`, renews with
 * `POST …/auth/refresh-token` while the refresh token lives and by logging in again once it
 * has died (with the documented lifetimes, 30 min against the access token's 10 h, that is
 * every renewal: no call to refresh-token is wasted).
 *
 * @param config - base URL, credentials, and optionally `apiVersion` and `pathPrefix`
 * @param options - runtime options of `@authwire/core`: `fetch`, `store`, `clock`, `onEvent`, timing
 * @returns a `TokenProvider` named `'union-service'`
 * @throws AuthError `CONFIG_INVALID` at once, naming every invalid field, when `config` is wrong
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import { unionService } from '@authwire/union-service';
 *
 * const union = unionService({
 *   baseUrl: 'https://union-uat.ist-pay.com',
 *   username: process.env.UNION_USERNAME!,
 *   password: process.env.UNION_PASSWORD!,
 * });
 * const api = withAuth(union);
 * const res = await api('https://union-uat.ist-pay.com/union-service/members/countries?api-version=1.0');
 * ```
 */
export const unionService: ProviderFactory<UnionServiceConfig> = defineProvider({
  name: 'union-service',
  configSchema: UnionServiceConfigSchema,
  secretFields: ['password'],
  createAdapter: ({ baseUrl, username, password, apiVersion, pathPrefix }) => {
    const endpoint = (path: string) =>
      `${baseUrl}${pathPrefix}/auth/${path}?api-version=${encodeURIComponent(apiVersion)}`;
    return {
      baseUrl: `${baseUrl}${pathPrefix}`,
      account: username,
      // ASP.NET answers a dead token with 401 (`WWW-Authenticate: Bearer error="invalid_token"`,
      // often no body); a 403 refuses a permission, never a token: renewing on it would not help.
      isTokenRejected: (response: Response) => response.status === 401,
      async login(ctx) {
        const json = { username, password };
        return readAnswer(ctx, await ctx.request(endpoint('token'), { headers: HEADERS, json }));
      },
      async refresh(token, ctx) {
        const json = { refreshToken: token.refreshToken };
        return readAnswer(ctx, await ctx.request(endpoint('refresh-token'), { headers: HEADERS, json }));
      },
    };
  },
});
