import type { RequestHandler } from 'msw';
import type { TokenServer } from './token-server.js';

/**
 * What a provider's msw handlers factory returns: the handlers, the state behind them and the
 * addresses a test needs.
 *
 * @example
 * ```ts
 * const mock = mastersIndiaHandlers();
 * server.use(...mock.handlers);
 * await withAuth(provider)(mock.protectedUrl);
 * expect(mock.server.calls.login).toBe(1);
 * ```
 */
export interface ProviderMock {
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
  /** A config for the provider's factory that logs in to this mock. */
  config(overrides?: Record<string, unknown>): Record<string, unknown>;
}
