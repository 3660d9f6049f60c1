import { baseUrlSchema, headersSchema } from '@authwire/core';
import * as v from 'valibot';

/**
 * The config of {@link mastersIndia}: either a login ({@link MastersIndiaLoginConfig}: username
 * and password, `Authorization: JWT <token>`) or a permanent key ({@link MastersIndiaKeyConfig}:
 * `api_key: <key>`, for the e-way bill and e-invoice APIs) — exactly one of the two.
 *
 * @example
 * ```ts
 * import type { MastersIndiaConfig } from '@authwire/masters-india';
 *
 * const login: MastersIndiaConfig = { username: process.env.MI_USERNAME!, password: process.env.MI_PASSWORD! };
 * const key: MastersIndiaConfig = { apiKey: process.env.MI_API_KEY!, environment: 'production' };
 * ```
 */
export type MastersIndiaConfig = MastersIndiaLoginConfig | MastersIndiaKeyConfig;

/**
 * A Masters India config with a permanent API key: every request to the host carries
 * `api_key: <key>` (e-way bill and e-invoice accept it instead of a JWT). No login, no expiry.
 *
 * @example
 * ```ts
 * import type { MastersIndiaKeyConfig } from '@authwire/masters-india';
 *
 * const config: MastersIndiaKeyConfig = { apiKey: process.env.MI_API_KEY!, environment: 'sandbox' };
 * ```
 */
export interface MastersIndiaKeyConfig {
  /** The permanent key, sent as `api_key: <key>`. A secret: never in an error, event or log. */
  apiKey: string;
  /**
   * The API host: `https:` (or `http:` for loopback hosts only). Wins over `environment`. The
   * key is sent to this origin only.
   * @default the host of `environment`
   */
  baseUrl?: string | undefined;
  /**
   * A named host: `'platform'`, `'sandbox'` or `'production'` (see {@link MastersIndiaLoginConfig.environment}).
   * @default 'platform'
   */
  environment?: 'platform' | 'sandbox' | 'production' | undefined;
  username?: never;
  password?: never;
}

/**
 * A Masters India config that logs in: plain, serializable data (a JSON file or env holds it).
 *
 * @example
 * ```ts
 * import type { MastersIndiaLoginConfig } from '@authwire/masters-india';
 *
 * const config: MastersIndiaLoginConfig = {
 *   username: process.env.MI_USERNAME!,
 *   password: process.env.MI_PASSWORD!,
 *   environment: 'sandbox',
 *   headers: { Productid: 'einvoice' },
 * };
 * ```
 */
export interface MastersIndiaLoginConfig {
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
  apiKey?: never;
}

const nonEmptyString = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.nonEmpty(`${field} must not be empty`));

const HOSTS = {
  baseUrl: v.optional(baseUrlSchema()),
  environment: v.optional(
    v.picklist(['platform', 'sandbox', 'production'], 'environment must be "platform", "sandbox" or "production"'),
  ),
};

/** The login config, as valibot checks it; messages name fields, never values. */
export const MastersIndiaLoginConfigSchema = v.strictObject(
  {
    username: nonEmptyString('username'),
    password: nonEmptyString('password'),
    ...HOSTS,
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
    const path = v.getDotPath(issue);
    if (path === null) return 'the config must be an object';
    if (issue.expected === 'never') return `${path} is not a known option`;
    return path === 'username' || path === 'password' ? `${path} is required (or apiKey alone)` : `${path} is required`;
  },
) satisfies v.GenericSchema<MastersIndiaLoginConfig, unknown>;

/** The key config, as valibot checks it; messages name fields, never values. */
export const MastersIndiaKeyConfigSchema = v.strictObject(
  {
    apiKey: v.pipe(nonEmptyString('apiKey'), v.regex(/^[\x21-\x7E]+$/, 'apiKey must be visible ASCII without spaces')),
    ...HOSTS,
  },
  (issue) => {
    const path = v.getDotPath(issue);
    if (path === null) return 'the config must be an object';
    if (path === 'username' || path === 'password')
      return `${path}: use either apiKey or username and password, not both`;
    return issue.expected === 'never'
      ? 'not used with apiKey (give apiKey with baseUrl or environment only)'
      : `${path} is required`;
  },
) satisfies v.GenericSchema<MastersIndiaKeyConfig, unknown>;

/**
 * The config of {@link mastersIndia}, as valibot checks it: a login or a key. The factory checks
 * a config holding `apiKey` against the key schema, any other against the login schema, so that
 * each message names the fields of the config meant.
 */
export const MastersIndiaConfigSchema = v.union([MastersIndiaLoginConfigSchema, MastersIndiaKeyConfigSchema]);

/** The login config after validation, defaults applied. */
export type ResolvedConfig = v.InferOutput<typeof MastersIndiaLoginConfigSchema>;

const jwtString = v.pipe(v.string(), v.nonEmpty());

// The access token goes into `Authorization: JWT <token>`: a value with spaces, control or
// non-ASCII characters cannot be sent (fetch throws) and would break every request once cached.
const headerToken = v.pipe(v.string(), v.regex(/^[\x21-\x7E]+$/, 'must be visible ASCII without spaces'));

/**
 * A token answer of login and refresh. The token comes as `token` (the documents) or as
 * `access_token` with `expires_in` in seconds (one production host, per a public integration);
 * the refresh token as `refresh_token`, as `"refresh token"` (one document spells it with a
 * space), or not at all.
 */
export const TokenBodySchema = v.pipe(
  v.object({
    token: v.optional(headerToken),
    access_token: v.optional(headerToken),
    expires_in: v.nullish(v.pipe(v.number(), v.finite(), v.minValue(0))),
    refresh_token: v.nullish(jwtString),
    'refresh token': v.nullish(jwtString),
  }),
  v.check((body) => body.token !== undefined || body.access_token !== undefined, 'token or access_token is required'),
);
