/**
 * What {@link unionServiceHandlers}' `config()` returns: a config of `unionService` from
 * `@authwire/union-service` (the same fields, declared here so that this package does not depend
 * on the adapter), pointing at the mock. A type alias, not an interface: it is also a
 * `Record<string, unknown>` (for `createProvider`).
 *
 * @example
 * ```ts
 * import { unionServiceHandlers } from '@authwire/testing';
 * import { unionService } from '@authwire/union-service';
 *
 * const mock = unionServiceHandlers({ apiVersions: ['2.0'] });
 * const provider = unionService(mock.config({ apiVersion: '2.0' }));
 * ```
 */
export type UnionServiceMockConfig = {
  baseUrl: string;
  username: string;
  password: string;
  apiVersion?: string;
  pathPrefix?: string;
};
