import { type AdapterContext, defineProvider, type ProviderFactory, refreshUnsupported } from '@authwire/core';
import { discoverTokenEndpoint } from './discover.js';
import { DEFAULT_LIFETIME_MS, failure, readAnswer, readErrorBody } from './read-answer.js';
import { type OAuth2Config, OAuth2ConfigSchema } from './schemas.js';

/** `application/x-www-form-urlencoded` encoding of one value (RFC 6749 Appendix B): space → `+`. */
const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);

/**
 * Tokens from any OAuth 2.0 token endpoint (RFC 6749): Keycloak, Auth0, Entra ID, Okta, Spring
 * Authorization Server, … `Authorization: Bearer <token>` (or the `token_type` the server names).
 *
 * Logs in with the `client_credentials` grant (or `password`, for a user), renews with the
 * `refresh_token` grant while the server has issued a refresh token and it lives (a rotated one
 * replaces the old one), and by logging in again otherwise. The token endpoint is `tokenUrl`, or
 * the `token_endpoint` of the `issuer`'s OpenID Connect discovery document, read once per provider.
 * Errors follow RFC 6749 §5.2: `invalid_client`, `invalid_grant`, `unauthorized_client` →
 * `INVALID_CREDENTIALS`; `invalid_request`, `invalid_scope`, `unsupported_grant_type` →
 * `INVALID_REQUEST`; `temporarily_unavailable` and 5xx → `PROVIDER_UNAVAILABLE`; 429 →
 * `RATE_LIMITED`; `error_description` is quoted, redacted.
 *
 * @param config - the token endpoint or issuer, the client, the grant, scope, extra params and the
 *   API origins the token is for
 * @param options - runtime options of `@authwire/core`: `fetch`, `store`, `clock`, `onEvent`, timing
 * @returns a `TokenProvider` named `'oauth2'`, whose `origins` are `config.origins`
 * @throws AuthError `CONFIG_INVALID` at once, naming every invalid field, when `config` is wrong
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import { oauth2 } from '@authwire/oauth2';
 *
 * const provider = oauth2({
 *   issuer: 'https://sso.example.com/realms/shop',
 *   clientId: 'orders-service',
 *   clientSecret: process.env.ORDERS_CLIENT_SECRET!,
 *   origins: ['https://api.example.com'],
 * });
 * const api = withAuth(provider);
 * const res = await api('https://api.example.com/orders');
 * ```
 */
export const oauth2: ProviderFactory<OAuth2Config> = defineProvider({
  name: 'oauth2',
  configSchema: OAuth2ConfigSchema,
  secretFields: ['clientSecret', 'password'],
  createAdapter: (config) => {
    const { tokenUrl, issuer, clientId, clientSecret, grant, username, password, scope, clientAuth, origins } = config;
    const params = config.params ?? {};
    // RFC 6749 §2.3.1: id and secret are form-encoded, then joined by ':' and base64-encoded.
    const basic =
      clientSecret !== undefined && clientAuth === 'basic'
        ? btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`)
        : undefined;
    const headers: Record<string, string> = basic === undefined ? {} : { authorization: `Basic ${basic}` };
    // A public client (no secret) names itself in the body; so does a client authenticating by 'post'.
    const client: Record<string, string> =
      basic !== undefined
        ? {}
        : { client_id: clientId, ...(clientSecret === undefined ? {} : { client_secret: clientSecret }) };
    const extra: Record<string, string> = { ...(scope === undefined ? {} : { scope }), ...params };
    // The Basic credentials are redacted by core like every credential header a token request sends.

    // Read once per provider, kept only after a success: a failed discovery is tried again.
    let discovered: string | undefined;
    const endpoint = async (ctx: AdapterContext) => {
      if (tokenUrl !== undefined) return tokenUrl;
      discovered ??= await discoverTokenEndpoint(ctx, issuer as string);
      return discovered;
    };
    const send = async (ctx: AdapterContext, fields: Record<string, string>) =>
      ctx.request(await endpoint(ctx), { headers, form: { ...fields, ...extra, ...client } });

    const loginFields: Record<string, string> =
      grant === 'password'
        ? { grant_type: 'password', username: username as string, password: password as string }
        : { grant_type: 'client_credentials' };

    // Tokens differ by user, scope and params (an Auth0 audience): never shared across them.
    const scoped = new URLSearchParams(Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const who = [clientId, ...(grant === 'password' ? [username as string] : [])].map(encodeURIComponent).join('/');
    const query = scoped.toString();

    return {
      baseUrl: tokenUrl ?? (issuer as string),
      account: query === '' ? who : `${who}?${query}`,
      origins,
      defaultLifetimeMs: DEFAULT_LIFETIME_MS,
      async login(ctx) {
        return readAnswer(ctx, await send(ctx, loginFields));
      },
      async refresh(token, ctx) {
        const res = await send(ctx, { grant_type: 'refresh_token', refresh_token: token.refreshToken });
        // The server does not do refresh_token for this client: log in from now on, without asking again.
        if (res.status >= 400 && res.status < 500 && readErrorBody(res.body).error === 'unsupported_grant_type') {
          return refreshUnsupported(failure(ctx, res));
        }
        return readAnswer(ctx, res);
      },
    };
  },
});
