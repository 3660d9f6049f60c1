import { baseUrlSchema } from '@authwire/core';
import * as v from 'valibot';

const requiredString = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.minLength(1, `${field} must not be empty`));

/** The valibot schema of {@link UnionServiceConfig}: `unionService.configSchema`. */
export const UnionServiceConfigSchema = v.strictObject(
  {
    baseUrl: baseUrlSchema(),
    username: requiredString('username'),
    password: requiredString('password'),
    apiVersion: v.optional(
      v.pipe(
        requiredString('apiVersion'),
        v.regex(/^[\w.-]+$/, 'apiVersion may hold only letters, digits, ".", "-" and "_"'),
      ),
      '1.0',
    ),
    pathPrefix: v.optional(
      v.pipe(
        v.string('pathPrefix must be a string'),
        v.regex(/^(?:\/[^/?#\s]+)+$/, 'pathPrefix must start with "/", have no trailing "/", query or fragment'),
      ),
      '/union-service',
    ),
  },
  (issue) => {
    const path = v.getDotPath(issue);
    if (path === null) return 'the config must be an object';
    return issue.expected === 'never'
      ? `${path} is not a known option (known: baseUrl, username, password, apiVersion, pathPrefix)`
      : `${path} is required`;
  },
);

/**
 * The config of {@link unionService}: plain serializable data.
 *
 * @example
 * ```ts
 * import type { UnionServiceConfig } from '@authwire/union-service';
 *
 * const config: UnionServiceConfig = {
 *   baseUrl: 'https://union-uat.ist-pay.com',
 *   username: process.env.UNION_USERNAME ?? '',
 *   password: process.env.UNION_PASSWORD ?? '',
 * };
 * ```
 */
export interface UnionServiceConfig {
  /** The host, without the `/union-service` prefix, e.g. `https://union-uat.ist-pay.com`. `https:` only, except loopback. */
  baseUrl: string;
  /** The API user's name (the `username` of `POST /auth/token`). */
  username: string;
  /** The API user's password. Never logged, never cached, never part of an error. */
  password: string;
  /**
   * The `api-version` query parameter of the token endpoints.
   * @default '1.0'
   */
  apiVersion?: string;
  /**
   * The path every endpoint lives under: starts with `/`, no trailing `/`.
   * @default '/union-service'
   */
  pathPrefix?: string;
}

const seconds = v.pipe(v.number(), v.finite(), v.minValue(0));
const optionalString = v.optional(v.nullable(v.string()));
// The access token and its type go into `Authorization: <type> <token>`: characters a header
// cannot carry (fetch throws) would break every request once the token is cached.
const accessToken = v.pipe(v.string(), v.regex(/^[\x21-\x7E]+$/, 'must be visible ASCII without spaces'));
const tokenType = v.optional(
  v.nullable(v.pipe(v.string(), v.regex(/^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]*\s*$/, 'must be an HTTP auth scheme'))),
);

/**
 * An object's keys normalised: lower case, `_` and `-` dropped (`access_token`, `accessToken`,
 * `AccessToken` and `access-token` are all `accesstoken`). The first of two keys that normalise
 * alike wins. Anything that is not a plain object is passed on as it is (the schema reports it).
 */
export function normaliseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const normalised: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const name = key.toLowerCase().replace(/[_-]/g, '');
    if (!(name in normalised)) normalised[name] = field;
  }
  return normalised;
}

/**
 * The token answer with normalised keys. The union's documents spell it in snake_case (the auth
 * page, Keycloak's own names), camelCase (the swagger's `TokenResponse`), PascalCase (other
 * endpoints' examples, one captured from a live server) and kebab-case (`not-before-policy`).
 */
const NormalisedTokenBody = v.object({
  accesstoken: accessToken,
  expiresin: seconds,
  refreshtoken: optionalString,
  refreshexpiresin: v.optional(v.nullable(seconds)),
  tokentype: tokenType,
});

/** A token answer of any casing, in one shape. */
export interface TokenBody {
  accessToken: string;
  /** The `Authorization` scheme, `'Bearer'` unless the provider says otherwise. */
  scheme: string;
  /** Seconds, counted from when the request was sent. */
  expiresIn: number;
  refreshToken: string | undefined;
  /** Seconds; `undefined` when absent or 0 (Keycloak's "does not expire"). */
  refreshExpiresIn: number | undefined;
}

const toScheme = (tokenType: string | null | undefined) => {
  const scheme = tokenType?.trim() ?? '';
  if (scheme === '' || scheme.toLowerCase() === 'bearer') return 'Bearer';
  return scheme;
};

const toBody = (
  accessToken: string,
  expiresIn: number,
  refreshToken: string | null | undefined,
  refreshExpiresIn: number | null | undefined,
  tokenType: string | null | undefined,
): TokenBody => ({
  accessToken,
  scheme: toScheme(tokenType),
  expiresIn,
  refreshToken: refreshToken || undefined,
  refreshExpiresIn: refreshExpiresIn || undefined,
});

/**
 * The token answer in any casing (keys compared with case, `_` and `-` ignored), normalised to
 * {@link TokenBody}; extra fields are ignored.
 */
export const TokenBodySchema = v.pipe(
  v.unknown(),
  v.transform(normaliseKeys),
  NormalisedTokenBody,
  v.transform((b) => toBody(b.accesstoken, b.expiresin, b.refreshtoken, b.refreshexpiresin, b.tokentype)),
);

/** A field that is read when it has the expected type and ignored otherwise. */
const lenient = <S extends v.GenericSchema>(schema: S) => v.fallback(v.optional(schema), undefined);

/**
 * Every error shape the Union API is known to answer with, read leniently (a field of an
 * unexpected type is ignored, never an error): RFC 7807 ProblemDetails, the ASP.NET validation
 * shape (`errors`, `traceId`), application codes (`V-TS-…`) and Keycloak's passthrough
 * (`error`, `error_description`).
 */
export const ErrorBodySchema = v.pipe(
  v.unknown(),
  // Keys in any casing: ASP.NET writes `title`, a PascalCase serializer `Title`.
  v.transform(normaliseKeys),
  v.object({
    type: lenient(v.string()),
    title: lenient(v.string()),
    detail: lenient(v.string()),
    traceid: lenient(v.string()),
    code: lenient(v.string()),
    errorcode: lenient(v.string()),
    errors: lenient(v.record(v.string(), v.union([v.string(), v.array(v.string())]))),
    error: lenient(v.string()),
    errordescription: lenient(v.string()),
  }),
);

/** What {@link ErrorBodySchema} reads. */
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;
