import { randomUUID } from 'node:crypto';
import { type AccessToken, isAuthError, type ProviderFactory, type TokenProvider, withAuth } from '@authwire/core';
import {
  type FakeClock,
  type Fault,
  fakeClock,
  mockedProvider,
  type ProviderMock,
  type TokenServerOptions,
} from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { exposedText, secretsIn } from './exposed-text.js';
import { rejection } from './rejection.js';

const HOUR = 3_600_000;

/**
 * One run of a secrets audit, as {@link SecretsAuditOptions.renewals} drives it: the password
 * under test, the mock and its clock, the tokens seen so far, and what the audit searches.
 *
 * @example
 * ```ts
 * async function renewals({ password, first, failRenewal }: SecretsAudit) {
 *   await failRenewal({ type: 'network' }, faults.status(401, { detail: `login of ${password} refused` }));
 * }
 * ```
 */
export interface SecretsAudit {
  /** The password the mock expects and the providers send (in the factory's first secret field). */
  readonly password: string;
  readonly clock: FakeClock;
  readonly mock: ProviderMock;
  /** The first token the audited provider got (a login). */
  readonly first: AccessToken;
  /** Every token got so far: push the ones a renewal gets. All are secrets. */
  readonly tokens: AccessToken[];
  /** The errors the audit searches: push the ones a run collects. */
  readonly errors: unknown[];
  /** More providers the audit inspects (the audited one is always inspected). */
  readonly providers: TokenProvider[];
  /** The audited provider: it holds `first`, and `failRenewal` renews it. */
  readonly provider: TokenProvider;
  /** A new provider on the mock, with config `overrides` (retries off, its own memory store). */
  make(overrides?: Record<string, unknown>, renewalTimeoutMs?: number): TokenProvider;
  /**
   * Moves the clock 1 h (the token expires), fails the next refresh with `refresh` and the next
   * login with `login`, and collects the error the audited provider's renewal rejects with.
   */
  failRenewal(refresh: Fault, login: Fault): Promise<void>;
}

/**
 * What {@link describeSecretsAudit} needs: the adapter, its mock, and the error paths only it has.
 *
 * @example
 * ```ts
 * const options: SecretsAuditOptions = {
 *   name: 'mastersIndia',
 *   start: Date.parse('2026-03-02T09:00:00Z'),
 *   factory: mastersIndia,
 *   mock: mastersIndiaHandlers,
 *   invalidConfig: (password) => ({ username: '', password }),
 *   renewals: async ({ failRenewal }) => failRenewal({ type: 'network' }, { type: 'html', status: 502 }),
 * };
 * ```
 */
export interface SecretsAuditOptions {
  /** The adapter as the suite names it, e.g. `'mastersIndia'`. */
  name: string;
  /** When the mock's and the providers' fake clock starts. */
  start: number;
  /** The adapter package's factory, e.g. `mastersIndia`. */
  // biome-ignore lint/suspicious/noExplicitAny: any provider's config
  factory: ProviderFactory<any>;
  /** Builds the provider's msw mock, e.g. `mastersIndiaHandlers`. Access tokens live 1 h. */
  mock: (options: TokenServerOptions) => ProviderMock;
  /** More options of the mock, e.g. `{ refreshLifetimeMs: 24 * HOUR }`. */
  server?: Omit<TokenServerOptions, 'now' | 'password'>;
  /** A config the factory must refuse, carrying `password` where it does not belong. */
  invalidConfig: (password: string) => Record<string, unknown>;
  /** The adapter's own error paths: renewals whose answers echo the password and the tokens. */
  renewals: (audit: SecretsAudit) => Promise<void>;
}

/**
 * Describes an adapter's secrets audit (DESIGN.md invariant 7), once with a distinctive
 * password and once with one shaped like a field name: after the adapter's own error paths
 * (`renewals`), a login slower than the renewal timeout, a wrong password through `withAuth`
 * and a refused config, neither the errors (message, stack, the whole `cause` chain, JSON,
 * inspection), nor the events, nor the providers show the password or any token; the errors
 * are all `AuthError`s of six codes or more.
 *
 * @param options - the adapter, its mock and its error paths
 * @example
 * ```ts
 * describeSecretsAudit({
 *   name: 'mastersIndia',
 *   start: Date.parse('2026-03-02T09:00:00Z'),
 *   factory: mastersIndia,
 *   mock: mastersIndiaHandlers,
 *   invalidConfig: (password) => ({ username: '', password, passwrod: password }),
 *   async renewals({ password, failRenewal }) {
 *     await failRenewal({ type: 'network' }, { type: 'status', status: 401, body: { detail: password } });
 *   },
 * });
 * ```
 */
export function describeSecretsAudit(options: SecretsAuditOptions): void {
  const { factory } = options;
  // The secret the mock accepts, as the config names it (`password`, `clientSecret`, …).
  const secretField = factory.secretFields[0] ?? 'password';
  describe(`secrets audit: ${options.name}`, () => {
    const server = useMswServer();
    it.each([
      ['a distinctive password', `PW-${randomUUID()}`],
      // Shaped like a field name, so that an answer keyed by it looks like a field error.
      ['a password shaped like a field name', `Secret${randomUUID().replace(/-/g, '')}`],
    ])('%s never shows in errors, causes, events or the provider, even when echoed', async (_label, password) => {
      const { clock, mock, events, cold } = mockedProvider({
        factory,
        mock: (onClock) => options.mock({ ...onClock, password, accessLifetimeMs: HOUR, ...options.server }),
        msw: server,
        clock: fakeClock(options.start),
      });
      const make = (overrides: Record<string, unknown> = {}, renewalTimeoutMs = 5000) =>
        cold(overrides, { renewalTimeoutMs });
      const provider = make();
      const tokens: AccessToken[] = [await provider.getToken()];
      const errors: unknown[] = [];
      const providers: TokenProvider[] = [];
      const failRenewal = async (refresh: Fault, login: Fault) => {
        clock.advance(HOUR);
        mock.server.fail('refresh', refresh, 1);
        mock.server.fail('login', login, 1);
        errors.push(await rejection(provider.getToken()));
      };
      const first = tokens[0] as AccessToken;
      await options.renewals({ password, clock, mock, first, tokens, errors, providers, provider, make, failRenewal });

      const slow = make({}, 50);
      mock.server.fail('login', { type: 'delay', ms: 300 }, 1);
      errors.push(await rejection(slow.getToken()));
      errors.push(await rejection(withAuth(make({ [secretField]: `${password}-wrong` }))(mock.protectedUrl)));
      try {
        factory(options.invalidConfig(password) as never);
      } catch (error) {
        errors.push(error);
      }

      expect(errors.every(isAuthError)).toBe(true);
      expect(new Set(errors.map((error) => (isAuthError(error) ? error.code : ''))).size).toBeGreaterThanOrEqual(6);
      const text = exposedText({ errors, events, providers: [provider, ...providers, slow] });
      const secrets = [password, `${password}-wrong`, ...tokens.flatMap((token) => [token.value, token.refreshToken])];
      expect(secretsIn(text, secrets)).toEqual([]);
    });
  });
}
