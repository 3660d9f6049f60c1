import {
  type AuthEvent,
  createMemoryStore,
  type ProviderFactory,
  type TokenProvider,
  type TokenProviderOptions,
  type TokenStore,
} from '@authwire/core';
import type { RequestHandler } from 'msw';
import { type FakeClock, fakeClock } from '../server/fake-clock.js';
import type { ProviderMock } from '../server/provider-mock.js';
import type { CallCounts, TokenServerOptions } from '../server/token-server.js';

/**
 * What {@link mockedProvider} sets up: an adapter's factory, the mock it logs in to, and what
 * every provider of the harness shares.
 *
 * @example
 * ```ts
 * import { type MastersIndiaConfig, mastersIndia } from '@authwire/masters-india';
 * import {
 *   type MastersIndiaMockConfig,
 *   type MockedProviderOptions,
 *   mastersIndiaHandlers,
 *   type ProviderMock,
 * } from '@authwire/testing';
 * import { useMswServer } from '@authwire/testing/vitest';
 *
 * const options: MockedProviderOptions<MastersIndiaConfig, ProviderMock<MastersIndiaMockConfig>> = {
 *   factory: mastersIndia,
 *   mock: (onClock) => mastersIndiaHandlers({ ...onClock, responseShape: 'token-only' }),
 *   msw: useMswServer(),
 *   config: { apiVersion: 'v2' },
 * };
 * ```
 */
export interface MockedProviderOptions<Config, Mock extends ProviderMock<Config>> {
  /** The adapter's factory, e.g. `mastersIndia`: every provider of the harness is built by it. */
  factory: ProviderFactory<Config>;
  /**
   * Builds the mock, e.g. `mastersIndiaHandlers`. It is called once with `{ now: clock.now }`, so
   * that the mock's server runs on the harness's clock: spread those options into yours to set
   * credentials, lifetimes or a provider's variants
   * (`(server) => unionServiceHandlers({ ...server, casing: 'camel' })`).
   */
  mock: (options: TokenServerOptions) => Mock;
  /**
   * Where the mock's handlers are installed: an msw server (`useMswServer()`, `setupServer()`),
   * whose `use(...mock.handlers)` is called once. Leave it out when something else serves them.
   */
  msw?: { use(...handlers: RequestHandler[]): void };
  /**
   * The clock of the mock and of every provider.
   * @default fakeClock()
   */
  clock?: FakeClock;
  /** Config fields every provider gets on top of `mock.config()`, e.g. `{ apiVersion: 'v2' }`. */
  config?: Partial<Config>;
  /**
   * Options every provider gets on top of the harness's: `clock`, `store` (a memory store on the
   * clock) and `retry: { limit: 0 }`. A `store` given here is the harness's `store`. Events are
   * always collected in `events`; an `onEvent` given here (or to `make`) is called as well.
   */
  options?: TokenProviderOptions;
}

/**
 * A provider of an adapter logged in to its mock, on a fake clock, and what a test inspects.
 *
 * @example
 * ```ts
 * import { mockedProvider, unionServiceHandlers } from '@authwire/testing';
 * import { useMswServer } from '@authwire/testing/vitest';
 * import { unionService } from '@authwire/union-service';
 *
 * const msw = useMswServer();
 * const { provider, clock, calls, events } = mockedProvider({ factory: unionService, mock: unionServiceHandlers, msw });
 * ```
 */
export interface MockedProvider<Config, Mock extends ProviderMock<Config>> {
  /** The provider: `make()` with no overrides. */
  readonly provider: TokenProvider;
  /**
   * Another provider on the same mock, clock, events and store (as another instance of one
   * process would be): `config` overrides `mock.config()`, `options` the harness's options.
   */
  make(config?: Partial<Config>, options?: TokenProviderOptions): TokenProvider;
  /**
   * Another provider with a memory store of its own (a cold start, as another process would be);
   * otherwise as {@link make}.
   */
  cold(config?: Partial<Config>, options?: TokenProviderOptions): TokenProvider;
  readonly clock: FakeClock;
  readonly mock: Mock;
  /** Every event of every provider of the harness, in order. */
  readonly events: AuthEvent[];
  /** The store `provider` and `make()` share. */
  readonly store: TokenStore;
  /** The mock's upstream call counters (`mock.server.calls`). */
  readonly calls: CallCounts;
}

/**
 * Sets up what a test of a provider needs: a fake clock, the provider's mock running on it (its
 * handlers installed on `msw`), a memory store on the clock, an event list, and a provider
 * logged in to the mock with retries off. Nothing is called upstream until the test asks.
 *
 * @param setup - the factory, the mock, and what the providers share
 * @returns the provider, `make` / `cold` for more, and the clock, mock, events, store and counters
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 * import { mastersIndiaHandlers, mockedProvider } from '@authwire/testing';
 * import { useMswServer } from '@authwire/testing/vitest';
 * import { expect, it } from 'vitest';
 *
 * const msw = useMswServer();
 *
 * it('refreshes a day later', async () => {
 *   const { provider, clock, calls } = mockedProvider({ factory: mastersIndia, mock: mastersIndiaHandlers, msw });
 *   await provider.getToken();
 *   clock.advance(24 * 3_600_000);
 *   await provider.getToken();
 *   expect(calls).toMatchObject({ login: 1, refresh: 1 });
 * });
 * ```
 */
export function mockedProvider<Config, Mock extends ProviderMock<Config>>(
  setup: MockedProviderOptions<Config, Mock>,
): MockedProvider<Config, Mock> {
  const clock = setup.clock ?? fakeClock();
  const mock = setup.mock({ now: clock.now });
  setup.msw?.use(...mock.handlers);
  const events: AuthEvent[] = [];
  const shared = setup.options ?? {};
  const store = shared.store ?? createMemoryStore({ now: clock.now });
  const make = (config: Partial<Config> = {}, options: TokenProviderOptions = {}) =>
    setup.factory(mock.config({ ...setup.config, ...config }), {
      clock,
      retry: { limit: 0 },
      ...shared,
      store,
      ...options,
      onEvent: (event) => {
        events.push(event);
        shared.onEvent?.(event);
        options.onEvent?.(event);
      },
    });
  const cold = (config: Partial<Config> = {}, options: TokenProviderOptions = {}) =>
    make(config, { store: createMemoryStore({ now: clock.now }), ...options });
  return { provider: make(), make, cold, clock, mock, events, store, calls: mock.server.calls };
}
