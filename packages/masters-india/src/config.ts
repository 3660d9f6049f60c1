/**
 * The config of {@link mastersIndia}: plain, serializable data (a JSON file or env holds it).
 *
 * @example
 * ```ts
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
