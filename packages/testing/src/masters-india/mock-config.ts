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
export type MastersIndiaMockConfig = {
  username: string;
  password: string;
  baseUrl?: string | undefined;
  environment?: 'platform' | 'sandbox' | 'production' | undefined;
  apiVersion?: 'v1' | 'v2' | undefined;
  bodyEncoding?: 'json' | 'form' | undefined;
  refresh?: 'auto' | 'never' | undefined;
  refreshPath?: string | undefined;
  headers?: Record<string, string> | undefined;
};
