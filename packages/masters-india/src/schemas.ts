import { baseUrlSchema, headersSchema } from '@authwire/core';
import * as v from 'valibot';

/**
 * The config of {@link mastersIndia}: plain, serializable data (a JSON file or env holds it).
 *
 * @example
 * ```ts
 * import type { MastersIndiaConfig } from '@authwire/masters-india';
 *
 * const config: MastersIndiaConfig = {
 *   username: process.env.MI_USERNAME!,
 *   password: process.env.MI_PASSWORD!,
 *   environment: 'sandbox',
 *   headers: { Productid: 'einvoice' },
 * };
 * ```
 */
export interface MastersIndiaConfig {
  /** The account's username (often an email address). */
  username: string;
  /** The account's password. Kept in a closure: never a property, never in an error or event. */
  password: string;
  /**
   * The API host: `https:` (or `http:` for loopback hosts only), no query or fragment. Wins over
   * `environment`.
   * @default the host of `environment`
   * @example 'https://sandb-api.mastersindia.co'
   */
  baseUrl?: string | undefined;
  /**
   * A named host: `'platform'` → `https://api-platform.mastersindia.co` (platform, logistics,
   * IRN APIs), `'sandbox'` → `https://sandb-api.mastersindia.co`, `'production'` →
   * `https://prod-api.mastersindia.co` (e-invoice and e-way bill).
   * @default 'platform'
   */
  environment?: 'platform' | 'sandbox' | 'production' | undefined;
  /**
   * The login path's version: `POST {base}/api/{apiVersion}/token-auth/`.
   * @default 'v1'
   */
  apiVersion?: 'v1' | 'v2' | undefined;
  /**
   * How the login body is sent: `'json'` (`{"username","password"}`) or `'form'`
   * (`application/x-www-form-urlencoded`).
   * @default 'json'
   */
  bodyEncoding?: 'json' | 'form' | undefined;
  /**
   * `'auto'`: renew with the refresh token at `refreshPath`, falling back to login on failure;
   * a 404/405 there turns refresh off for the provider instance. `'never'`: always log in.
   * @default 'auto'
   */
  refresh?: 'auto' | 'never' | undefined;
  /**
   * The refresh endpoint's path, from the base URL (must start with `/`).
   * @default '/api/v2/api-token-refresh/'
   */
  refreshPath?: string | undefined;
  /**
   * Static extra headers on the token requests (login and refresh), e.g. `Productid`. Names must be
   * valid HTTP header names and values Latin-1 text without line breaks or control characters (what
   * `fetch` can send): anything else is `CONFIG_INVALID` when the provider is created, naming the
   * header (`headers.Productid`), never its value.
   * @example { Productid: 'einvoice', Subid: '1' }
   */
  headers?: Record<string, string> | undefined;
}

const nonEmptyString = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.nonEmpty(`${field} must not be empty`));

const pathOf = (issue: v.BaseIssue<unknown>) => issue.path?.map((item) => String(item.key)).join('.');

/** The config of {@link mastersIndia}, as valibot checks it; messages name fields, never values. */
export const MastersIndiaConfigSchema = v.strictObject(
  {
    username: nonEmptyString('username'),
    password: nonEmptyString('password'),
    baseUrl: v.optional(baseUrlSchema()),
    environment: v.optional(
      v.picklist(['platform', 'sandbox', 'production'], 'environment must be "platform", "sandbox" or "production"'),
    ),
    apiVersion: v.optional(v.picklist(['v1', 'v2'], 'apiVersion must be "v1" or "v2"'), 'v1'),
    bodyEncoding: v.optional(v.picklist(['json', 'form'], 'bodyEncoding must be "json" or "form"'), 'json'),
    refresh: v.optional(v.picklist(['auto', 'never'], 'refresh must be "auto" or "never"'), 'auto'),
    refreshPath: v.optional(
      v.pipe(v.string('refreshPath must be a string'), v.startsWith('/', 'refreshPath must start with "/"')),
      '/api/v2/api-token-refresh/',
    ),
    // Checked here, not at login time: a header fetch cannot send would fail far from its cause.
    headers: v.optional(headersSchema()),
  },
  (issue) => {
    const path = pathOf(issue);
    if (path === undefined) return 'the config must be an object';
    return issue.expected === 'never' ? `${path} is not a known option` : `${path} is required`;
  },
) satisfies v.GenericSchema<MastersIndiaConfig, unknown>;

/** The config after validation, defaults applied. */
export type ResolvedConfig = v.InferOutput<typeof MastersIndiaConfigSchema>;

const jwtString = v.pipe(v.string(), v.nonEmpty());

// The access token goes into `Authorization: JWT <token>`: a value with spaces, control or
// non-ASCII characters cannot be sent (fetch throws) and would break every request once cached.
const headerToken = v.pipe(v.string(), v.regex(/^[\x21-\x7E]+$/, 'must be visible ASCII without spaces'));

/**
 * A token answer of login and refresh. The refresh token comes as `refresh_token`, as
 * `"refresh token"` (one document spells it with a space), or not at all.
 */
export const TokenBodySchema = v.object({
  token: headerToken,
  refresh_token: v.nullish(jwtString),
  'refresh token': v.nullish(jwtString),
});

/** A 2xx that means failure: `{"error": "Unable to login with provided credential"}`. */
export const ErrorBodySchema = v.object({ error: v.nonNullable(v.unknown()) });

/** A 400's field errors: `{"username": ["missing field"]}`. */
export const FieldErrorsSchema = v.record(v.string(), v.unknown());
