import { baseUrlSchema, isLoopbackHost } from '@authwire/core';
import * as v from 'valibot';

/** The form fields the adapter writes itself: `params` may not set them. */
export const RESERVED_PARAMS = [
  'grant_type',
  'client_id',
  'client_secret',
  'username',
  'password',
  'scope',
  'refresh_token',
] as const;

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces.
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*$/;

const parse = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/** `https:`, or `http:` on this machine only: a client secret or a token never crosses a network in clear. */
const isSecure = (url: URL) => url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));

/** Whether `value` is a URL a token request may be sent to: `https:` (`http:` on loopback), no credentials. */
export function isSecureUrl(value: string): boolean {
  const url = parse(value);
  return url !== undefined && isSecure(url) && url.username === '' && url.password === '';
}

const requiredString = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.minLength(1, `${field} must not be empty`));

// valibot runs every check even after `url` failed: each one must accept a non-URL.
const tokenUrlSchema = v.pipe(
  v.string('tokenUrl must be a string'),
  v.url('must be an absolute URL'),
  v.check((value) => {
    const url = parse(value);
    return url === undefined || isSecure(url);
  }, 'must use https: (http: only for loopback hosts)'),
  v.check((value) => {
    const url = parse(value);
    return url === undefined || (url.hash === '' && url.username === '' && url.password === '');
  }, 'must have no fragment or credentials'),
);

const originSchema = v.pipe(
  v.string('must be a string'),
  v.url('must be an absolute URL'),
  v.check((value) => {
    const url = parse(value);
    return url === undefined || isSecure(url);
  }, 'must use https: (http: only for loopback hosts)'),
  v.check((value) => {
    const url = parse(value);
    return (
      url === undefined ||
      (url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '')
    );
  }, 'must be an origin (scheme://host[:port]): no path, query, fragment or credentials'),
  v.transform((value) => new URL(value).origin),
);

const isReserved = (name: string) => (RESERVED_PARAMS as readonly string[]).includes(name);

/** The valibot schema of {@link OAuth2Config}: `oauth2.configSchema`. */
export const OAuth2ConfigSchema = v.pipe(
  v.strictObject(
    {
      tokenUrl: v.optional(tokenUrlSchema),
      issuer: v.optional(baseUrlSchema()),
      clientId: requiredString('clientId'),
      clientSecret: v.optional(requiredString('clientSecret')),
      grant: v.optional(
        v.picklist(['client_credentials', 'password'], "grant must be 'client_credentials' or 'password'"),
        'client_credentials',
      ),
      username: v.optional(requiredString('username')),
      password: v.optional(requiredString('password')),
      scope: v.optional(
        v.pipe(
          v.string('scope must be a string'),
          v.regex(SCOPE, 'scope must be scope tokens separated by single spaces (RFC 6749 §3.3)'),
        ),
      ),
      clientAuth: v.optional(v.picklist(['basic', 'post'], "clientAuth must be 'basic' or 'post'"), 'basic'),
      params: v.optional(
        v.record(
          v.pipe(
            v.string(),
            v.minLength(1, 'a param name must not be empty'),
            v.check(
              (name) => !isReserved(name),
              `must not be one of ${RESERVED_PARAMS.join(', ')}: the adapter writes those (use the config fields)`,
            ),
          ),
          v.string('must be a string'),
          'params must be an object of form field names to strings',
        ),
      ),
      origins: v.pipe(
        v.array(originSchema, 'origins must be an array of origins'),
        v.minLength(1, 'origins must list at least one origin: the APIs the token is for'),
        v.transform((origins) => [...new Set(origins)]),
      ),
    },
    'config must hold only tokenUrl, issuer, clientId, clientSecret, grant, username, password, scope, clientAuth, params and origins',
  ),
  v.forward(
    v.partialCheck(
      [['tokenUrl'], ['issuer']],
      ({ tokenUrl, issuer }) => tokenUrl !== undefined || issuer !== undefined,
      'tokenUrl or issuer is required: the token endpoint, or the OIDC issuer it is discovered from',
    ),
    ['tokenUrl'],
  ),
  v.forward(
    v.partialCheck(
      [['tokenUrl'], ['issuer']],
      ({ tokenUrl, issuer }) => tokenUrl === undefined || issuer === undefined,
      'give tokenUrl or issuer, not both',
    ),
    ['issuer'],
  ),
  v.forward(
    v.partialCheck(
      [['grant'], ['username']],
      ({ grant, username }) => grant !== 'password' || username !== undefined,
      "username is required with grant 'password'",
    ),
    ['username'],
  ),
  v.forward(
    v.partialCheck(
      [['grant'], ['password']],
      ({ grant, password }) => grant !== 'password' || password !== undefined,
      "password is required with grant 'password'",
    ),
    ['password'],
  ),
  v.forward(
    v.partialCheck(
      [['grant'], ['username']],
      ({ grant, username }) => grant === 'password' || username === undefined,
      "username is only for grant 'password'",
    ),
    ['username'],
  ),
  v.forward(
    v.partialCheck(
      [['grant'], ['password']],
      ({ grant, password }) => grant === 'password' || password === undefined,
      "password is only for grant 'password'",
    ),
    ['password'],
  ),
);

/**
 * The config of {@link oauth2}: plain serializable data (a JSON file or the environment holds it).
 *
 * @example
 * ```ts
 * import type { OAuth2Config } from '@authwire/oauth2';
 *
 * const config: OAuth2Config = {
 *   issuer: 'https://sso.example.com/realms/shop',
 *   clientId: 'orders-service',
 *   clientSecret: process.env.ORDERS_CLIENT_SECRET!,
 *   origins: ['https://api.example.com'],
 * };
 * ```
 */
export interface OAuth2Config {
  /**
   * The token endpoint, e.g. `https://sso.example.com/realms/shop/protocol/openid-connect/token`.
   * `https:` only (`http:` for loopback hosts), no fragment or credentials. Exactly one of
   * `tokenUrl` and `issuer`.
   */
  tokenUrl?: string | undefined;
  /**
   * The OpenID Connect issuer, e.g. `https://sso.example.com/realms/shop`: the token endpoint is
   * read once from `{issuer}/.well-known/openid-configuration` (`token_endpoint`). `https:` only
   * (`http:` for loopback hosts), no query, fragment or credentials; a trailing `/` is dropped.
   * Exactly one of `tokenUrl` and `issuer`.
   */
  issuer?: string | undefined;
  /** The client's id. Part of the cache key. */
  clientId: string;
  /**
   * The client's secret; leave it out for a public client (then `client_id` goes in the body).
   * Never logged, never cached, never part of an error.
   */
  clientSecret?: string | undefined;
  /**
   * `'client_credentials'` (the client acts for itself) or `'password'` (for the user `username`).
   * @default 'client_credentials'
   */
  grant?: 'client_credentials' | 'password' | undefined;
  /** With `grant: 'password'` only (required there): the resource owner's name. Part of the cache key. */
  username?: string | undefined;
  /** With `grant: 'password'` only (required there): the resource owner's password. Secret like `clientSecret`. */
  password?: string | undefined;
  /** Scopes to ask for, space-separated (`'orders:read orders:write'`, Entra ID `'api://…/.default'`). */
  scope?: string | undefined;
  /**
   * How the client authenticates when it has a secret: `'basic'` (`Authorization: Basic`, id and
   * secret form-encoded first as RFC 6749 §2.3.1 says) or `'post'` (`client_id` and
   * `client_secret` in the body).
   * @default 'basic'
   */
  clientAuth?: 'basic' | 'post' | undefined;
  /**
   * Extra form fields sent with every token request, e.g. Auth0's `{ audience: 'https://api.example.com' }`
   * or RFC 8707's `{ resource: … }`. They may not set the fields the adapter writes (`grant_type`,
   * `client_id`, `client_secret`, `username`, `password`, `scope`, `refresh_token`).
   */
  params?: Record<string, string> | undefined;
  /**
   * The origins of the APIs the token is for (rarely the token endpoint's own): the bindings send
   * the token there and nowhere else. `https:` (`http:` for loopback hosts), no path.
   * @example ['https://api.example.com']
   */
  origins: string[];
}

/** Lifetimes in seconds: a number, or a numeric string (Entra ID's v1 endpoint sends `"3599"`). */
const seconds = v.union([
  v.pipe(v.number(), v.finite(), v.minValue(0)),
  v.pipe(v.string(), v.regex(/^\s*\d{1,12}\s*$/), v.transform(Number)),
]);
// The access token and its type go into `Authorization: <type> <token>`: characters a header
// cannot carry (fetch throws) would break every request once the token is cached.
const accessToken = v.pipe(v.string(), v.regex(/^[\x21-\x7E]+$/, 'must be visible ASCII without spaces'));
const tokenType = v.optional(
  v.nullable(v.pipe(v.string(), v.regex(/^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]*\s*$/, 'must be an HTTP auth scheme'))),
);

/** A token answer, read: what `read-answer.ts` turns into an `AccessToken`. */
export interface TokenBody {
  accessToken: string;
  /** `'Bearer'` for `bearer` in any case or none; any other `token_type` as sent (`DPoP`). */
  scheme: string;
  /** Seconds from when the request was sent; `undefined` when the answer does not say. */
  expiresIn: number | undefined;
  refreshToken: string | undefined;
  /** Seconds; `undefined` when absent or 0 (Keycloak's "does not expire"). */
  refreshExpiresIn: number | undefined;
}

const toScheme = (type: string | null | undefined) => {
  const scheme = type?.trim() ?? '';
  return scheme === '' || scheme.toLowerCase() === 'bearer' ? 'Bearer' : scheme;
};

/**
 * RFC 6749 §5.1's token answer (`access_token`, `token_type`, `expires_in`, `refresh_token`)
 * with Keycloak's `refresh_expires_in`, read into a {@link TokenBody}; other fields are ignored.
 */
export const TokenAnswerSchema = v.pipe(
  v.object({
    access_token: accessToken,
    token_type: tokenType,
    expires_in: v.optional(v.nullable(seconds)),
    refresh_token: v.optional(v.nullable(v.string())),
    refresh_expires_in: v.optional(v.nullable(seconds)),
  }),
  v.transform(
    (answer): TokenBody => ({
      accessToken: answer.access_token,
      scheme: toScheme(answer.token_type),
      expiresIn: answer.expires_in ?? undefined,
      refreshToken: answer.refresh_token || undefined,
      refreshExpiresIn: answer.refresh_expires_in || undefined,
    }),
  ),
);

/** A field that is read when it has the expected type and ignored otherwise. */
const lenient = <S extends v.GenericSchema>(schema: S) => v.fallback(v.optional(schema), undefined);

/** RFC 6749 §5.2's error answer, read leniently (a field of an unexpected type is ignored). */
export const ErrorBodySchema = v.object({
  error: lenient(v.string()),
  error_description: lenient(v.string()),
  error_uri: lenient(v.string()),
});

/** The one field of an OpenID Provider's metadata the adapter reads, leniently. */
export const DiscoveryDocumentSchema = v.object({ token_endpoint: lenient(v.string()) });
