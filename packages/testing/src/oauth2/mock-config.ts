/**
 * What {@link oauth2Handlers}' `config()` returns: a config of `oauth2` from `@authwire/oauth2`
 * (the same fields, declared here so that this package does not depend on the adapter), logging
 * in to the mock's realm. A type alias, not an interface: it is also a `Record<string, unknown>`
 * (for `createProvider`).
 *
 * @example
 * ```ts
 * import { oauth2 } from '@authwire/oauth2';
 * import { oauth2Handlers } from '@authwire/testing';
 *
 * const mock = oauth2Handlers();
 * const provider = oauth2(mock.config({ clientAuth: 'post', scope: 'orders:read' }));
 * ```
 */
export type OAuth2MockConfig = {
  tokenUrl?: string | undefined;
  issuer?: string | undefined;
  clientId: string;
  clientSecret?: string | undefined;
  grant?: 'client_credentials' | 'password' | undefined;
  username?: string | undefined;
  password?: string | undefined;
  scope?: string | undefined;
  clientAuth?: 'basic' | 'post' | undefined;
  params?: Record<string, string> | undefined;
  origins: string[];
};
