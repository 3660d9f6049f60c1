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
  'config must hold only baseUrl, username, password, apiVersion and pathPrefix',
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

/** The token answer as the auth page documents it (snake_case, Keycloak's own field names). */
const SnakeTokenBody = v.object({
  access_token: accessToken,
  expires_in: seconds,
  refresh_token: optionalString,
  refresh_expires_in: v.optional(v.nullable(seconds)),
  token_type: tokenType,
});

/** The token answer as the swagger's `TokenResponse` describes it (camelCase). */
const CamelTokenBody = v.object({
  accessToken,
  expiresIn: seconds,
  refreshToken: optionalString,
  refreshExpiresIn: v.optional(v.nullable(seconds)),
  tokenType,
});

/** A token answer of either casing, in one shape. */
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

/** Either casing of the token answer, normalised to {@link TokenBody}; extra fields are ignored. */
export const TokenBodySchema = v.union([
  v.pipe(
    SnakeTokenBody,
    v.transform((b) => toBody(b.access_token, b.expires_in, b.refresh_token, b.refresh_expires_in, b.token_type)),
  ),
  v.pipe(
    CamelTokenBody,
    v.transform((b) => toBody(b.accessToken, b.expiresIn, b.refreshToken, b.refreshExpiresIn, b.tokenType)),
  ),
]);

/** A field that is read when it has the expected type and ignored otherwise. */
const lenient = <S extends v.GenericSchema>(schema: S) => v.fallback(v.optional(schema), undefined);

/**
 * Every error shape the Union API is known to answer with, read leniently (a field of an
 * unexpected type is ignored, never an error): RFC 7807 ProblemDetails, the ASP.NET validation
 * shape (`errors`, `traceId`), application codes (`V-TS-…`) and Keycloak's passthrough
 * (`error`, `error_description`).
 */
export const ErrorBodySchema = v.object({
  type: lenient(v.string()),
  title: lenient(v.string()),
  detail: lenient(v.string()),
  traceId: lenient(v.string()),
  code: lenient(v.string()),
  errorCode: lenient(v.string()),
  errors: lenient(v.record(v.string(), v.union([v.string(), v.array(v.string())]))),
  error: lenient(v.string()),
  error_description: lenient(v.string()),
});

/** What {@link ErrorBodySchema} reads. */
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;
