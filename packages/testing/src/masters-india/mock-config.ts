/**
 * What {@link mastersIndiaHandlers}' `config()` returns: a config of `mastersIndia` from
 * `@authwire/masters-india` (the same fields, declared here so that this package does not depend
 * on the adapter), pointing at the mock. A type alias, not an interface: it is also a
 * `Record<string, unknown>` (for `createProvider`).
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 * import { type MastersIndiaMockConfig, mastersIndiaHandlers } from '@authwire/testing';
 *
 * const mock = mastersIndiaHandlers();
 * const config: MastersIndiaMockConfig = mock.config({ apiVersion: 'v2', bodyEncoding: 'form' });
 * const provider = mastersIndia(config);
 * ```
 */
export type MastersIndiaMockConfig = MastersIndiaMockLoginConfig | MastersIndiaMockKeyConfig;

/**
 * The login half of {@link MastersIndiaMockConfig} (`mastersIndia`'s `MastersIndiaLoginConfig`).
 *
 * @example
 * ```ts
 * import type { MastersIndiaMockLoginConfig } from '@authwire/testing';
 *
 * const config: MastersIndiaMockLoginConfig = { username: 'demo@example.com', password: 'secret', apiVersion: 'v2' };
 * ```
 */
export type MastersIndiaMockLoginConfig = {
  username: string;
  password: string;
  baseUrl?: string | undefined;
  environment?: 'platform' | 'sandbox' | 'production' | undefined;
  apiVersion?: 'v1' | 'v2' | undefined;
  bodyEncoding?: 'json' | 'form' | undefined;
  refresh?: 'auto' | 'never' | undefined;
  refreshPath?: string | undefined;
  headers?: Record<string, string> | undefined;
  apiKey?: never;
};

/**
 * The key half of {@link MastersIndiaMockConfig} (`mastersIndia`'s `MastersIndiaKeyConfig`):
 * what the mock's `keyConfig()` returns.
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 * import { mastersIndiaHandlers } from '@authwire/testing';
 *
 * const mock = mastersIndiaHandlers();
 * const provider = mastersIndia(mock.keyConfig()); // api_key: <mock.apiKey>
 * ```
 */
export type MastersIndiaMockKeyConfig = {
  apiKey: string;
  baseUrl?: string | undefined;
  environment?: 'platform' | 'sandbox' | 'production' | undefined;
  username?: never;
  password?: never;
};
