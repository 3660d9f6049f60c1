import type { RequestHandler } from 'msw';
import type { TokenServer } from './token-server.js';

/**
 * What a provider's msw handlers factory returns: the handlers, the state behind them and the
 * addresses a test needs. `Config` is the config of the provider's factory that `config()`
 * returns, so that `mastersIndia(mock.config())` compiles as it is.
 *
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 * import { mastersIndiaHandlers } from '@authwire/testing';
 * import { setupServer } from 'msw/node';
 *
 * const mock = mastersIndiaHandlers();
 * setupServer(...mock.handlers).listen();
 * const provider = mastersIndia(mock.config({ apiVersion: 'v2' }));
 * await withAuth(provider)(mock.protectedUrl);
 * mock.server.calls.login; // 1
 * ```
 */
export interface ProviderMock<Config = Record<string, unknown>> {
  /** The provider's name, e.g. `'masters-india'`. */
  readonly name: string;
  /** The base URL the handlers answer on. */
  readonly baseUrl: string;
  /** A protected sample endpoint that accepts only `<scheme> <current token>`. */
  readonly protectedUrl: string;
  /** The `Authorization` scheme the provider uses. */
  readonly scheme: string;
  readonly handlers: RequestHandler[];
  /** Credentials, clock, lifetimes, issued tokens, counters and faults. */
  readonly server: TokenServer;
  /**
   * A config for the provider's factory that logs in to this mock (its base URL, username and
   * password); `overrides` replace its fields.
   */
  config(overrides?: Partial<Config>): Config;
}
