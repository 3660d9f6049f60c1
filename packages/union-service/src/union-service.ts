import {
  type AccessToken,
  type AdapterContext,
  type AuthError,
  type AuthErrorCode,
  defineProvider,
  type ProviderFactory,
  type TokenResponse,
} from '@authwire/core';
import { readErrorBody } from './read-error-body.js';
import { TokenBodySchema, type UnionServiceConfig, UnionServiceConfigSchema } from './schemas.js';

const NAME = 'union-service';

// As the auth page's curl examples send them.
const HEADERS = {
  accept: 'application/vnd.restful+json',
  'content-type': 'application/json-patch+json',
};

type Operation = 'login' | 'refresh';

/** Turns a non-2xx answer into an AuthError; only Keycloak's refused grant overrides core's mapping. */
function failure(res: TokenResponse, ctx: AdapterContext, operation: Operation): AuthError {
  const { detail, invalidGrant } = readErrorBody(res.body);
  const options: { code?: AuthErrorCode; detail?: string } = {};
  // A refused grant is final whatever the status the gateway chose (400, 401 or a wrapping 500):
  // not transient, so a failed refresh falls back to login.
  if (invalidGrant && res.status !== 429) options.code = 'INVALID_CREDENTIALS';
  if (detail !== undefined) options.detail = detail;
  return ctx.httpError(res, operation, options);
}

function readToken(res: TokenResponse, ctx: AdapterContext, operation: Operation): AccessToken {
  if (res.status < 200 || res.status >= 300) throw failure(res, ctx, operation);
  const body = ctx.parse(TokenBodySchema, res, operation);
  // Lifetimes count from when the request was sent: the token cannot be older than that.
  const token: AccessToken = {
    value: body.accessToken,
    scheme: body.scheme,
    expiresAt: res.sentAt + body.expiresIn * 1000,
  };
  if (body.refreshToken !== undefined) {
    token.refreshToken = body.refreshToken;
    if (body.refreshExpiresIn !== undefined) token.refreshExpiresAt = res.sentAt + body.refreshExpiresIn * 1000;
  }
  return token;
}

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
  name: NAME,
  configSchema: UnionServiceConfigSchema,
  createAdapter: ({ baseUrl, username, password, apiVersion, pathPrefix }) => {
    const endpoint = (path: string) =>
      `${baseUrl}${pathPrefix}/auth/${path}?api-version=${encodeURIComponent(apiVersion)}`;
    const tokenUrl = endpoint('token');
    const refreshUrl = endpoint('refresh-token');
    // The password stays in this closure: no object the adapter exposes holds it.
    return {
      name: NAME,
      origins: [new URL(baseUrl).origin],
      cacheKey: `${NAME}|${baseUrl}${pathPrefix}|${username}`,
      secrets: () => [password],
      async login(ctx) {
        const res = await ctx.request(tokenUrl, { headers: HEADERS, json: { username, password } });
        return readToken(res, ctx, 'login');
      },
      async refresh(token, ctx) {
        const refreshToken = token.refreshToken ?? '';
        const res = await ctx.request(refreshUrl, { headers: HEADERS, json: { refreshToken } });
        return readToken(res, ctx, 'refresh');
      },
    };
  },
});
