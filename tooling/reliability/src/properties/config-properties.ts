import { isAuthError, isLoopbackHost, type ProviderFactory } from '@authwire/core';
import fc, { type Arbitrary } from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * A password as a generated config carries it: a string, or, wrongly, a list or an object
 * holding one.
 *
 * @example
 * ```ts
 * const raw: GeneratedPassword = ['pw-Secret-1234'];
 * ```
 */
export type GeneratedPassword = string | string[] | { value: string };

/**
 * A generated config and the password it carries (`null`: none).
 *
 * @example
 * ```ts
 * const generated: GeneratedConfig = { config: { username: 'u', password: 'pw-Secret-1234' }, raw: 'pw-Secret-1234' };
 * ```
 */
export interface GeneratedConfig {
  config: Record<string, unknown>;
  raw: GeneratedPassword | null;
}

/**
 * Passwords no message could hold by coincidence: 8 to 24 ASCII characters, 8 or more of them
 * not blank, not all the same.
 *
 * @returns an arbitrary of such passwords
 * @example
 * ```ts
 * const password = passwordArbitrary();
 * ```
 */
export function passwordArbitrary(): Arbitrary<string> {
  return fc
    .string({ unit: 'grapheme-ascii', minLength: 8, maxLength: 24 })
    .filter((value) => value.trim().length >= 8 && new Set(value).size > 3);
}

/**
 * Base URLs a config may hold: web URLs with queries and fragments, any scheme-and-authority
 * (IPv4, IPv6, ports, user info) of `http`, `https` and `ftp`, and loopback and credential
 * samples. Strings that are not URLs at all are not among them (core's `baseUrlSchema` once threw
 * a raw `TypeError` on them; packages/core/test/properties.test.ts pins the fix): spread these
 * into a `fc.oneof` with the adapter's other candidates.
 *
 * @returns the arbitraries, to spread into `fc.oneof`
 * @example
 * ```ts
 * const baseUrl = fc.oneof(...baseUrlArbitraries(), fc.integer());
 * ```
 */
export function baseUrlArbitraries(): Arbitrary<string>[] {
  return [
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc
      .tuple(
        fc.constantFrom('http', 'https', 'ftp'),
        fc.webAuthority({ withIPv4: true, withIPv6: true, withPort: true, withUserInfo: true }),
      )
      .map(([scheme, authority]) => `${scheme}://${authority}`),
    fc.constantFrom('http://127.0.0.1:8080', 'http://localhost:3000/', 'http://[::1]:9', 'https://u:p@example.com'),
  ];
}

/**
 * Configs for an adapter's factory: the adapter's known fields (each sometimes missing), up to
 * two unknown keys, and sometimes a password — a string, or one in a list or an object, which
 * no error may echo.
 *
 * @param fields - the adapter's config fields, each an arbitrary of good and bad values
 * @returns an arbitrary of {@link GeneratedConfig}s
 * @example
 * ```ts
 * const configs = configArbitrary({ username: fc.string(), baseUrl: fc.oneof(...baseUrlArbitraries()) });
 * ```
 */
export function configArbitrary(fields: Record<string, Arbitrary<unknown>>): Arbitrary<GeneratedConfig> {
  const password = passwordArbitrary();
  return fc
    .tuple(
      fc.dictionary(fc.string(), fc.anything({ maxDepth: 2 }), { maxKeys: 2 }),
      fc.record(fields, { requiredKeys: [] }),
      fc.option(
        fc.oneof(
          password,
          password.map((secret) => [secret]),
          password.map((secret) => ({ value: secret })),
        ),
      ),
    )
    .map(([extra, known, raw]) => ({
      config: { ...extra, ...known, ...(raw === null ? {} : { password: raw }) } as Record<string, unknown>,
      raw,
    }));
}

/** Runs `build`, returning its value or its error. */
function attempt<T>(build: () => T): { value: T } | { error: unknown } {
  try {
    return { value: build() };
  } catch (error) {
    return { error };
  }
}

/**
 * What {@link describeConfigProperties} needs: the adapter's factory and its configs.
 *
 * @example
 * ```ts
 * const options: ConfigPropertyOptions = { factory: mastersIndia, providerName: 'masters-india', configs };
 * ```
 */
export interface ConfigPropertyOptions {
  /** The adapter package's factory, e.g. `mastersIndia`; it is called with any config. */
  // biome-ignore lint/suspicious/noExplicitAny: any provider's config
  factory: ProviderFactory<any>;
  /** The name of the providers the factory returns, e.g. `'masters-india'`. */
  providerName: string;
  /** The configs, e.g. from {@link configArbitrary}. */
  configs: Arbitrary<GeneratedConfig>;
}

/**
 * Describes an adapter's config properties (`<name>: config properties`): any config gives a
 * provider (whose first origin is `https:`, or `http:` on this machine) or `CONFIG_INVALID`
 * without echoing the password (400 runs); any value at all gives a provider or
 * `CONFIG_INVALID` (300 runs).
 *
 * @param name - the adapter as the suite names it, e.g. `'mastersIndia'`
 * @param options - the factory and the configs
 * @example
 * ```ts
 * describeConfigProperties('mastersIndia', { factory: mastersIndia, providerName: 'masters-india', configs });
 * ```
 */
export function describeConfigProperties(name: string, options: ConfigPropertyOptions): void {
  const { factory, providerName, configs } = options;

  describe(`${name}: config properties`, () => {
    it('any config gives a provider or CONFIG_INVALID, never echoing the password', () => {
      fc.assert(
        fc.property(configs, ({ config, raw }) => {
          const result = attempt(() => factory(config));
          if ('value' in result) {
            expect(result.value.name).toBe(providerName);
            // Only https:, or http: on this machine, ever receives the password and the tokens.
            const origin = new URL(result.value.origins[0] ?? '');
            expect(
              origin.protocol === 'https:' || (origin.protocol === 'http:' && isLoopbackHost(origin.hostname)),
            ).toBe(true);
            return;
          }
          const { error } = result;
          expect(isAuthError(error) && error.code, String(error)).toBe('CONFIG_INVALID');
          if (!isAuthError(error) || raw === null) return;
          // A coincidence is not an echo: the same config with another password must not show it either.
          const secrets = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [raw.value];
          const control = attempt(() => factory({ ...config, password: 'zz-control-zz' }));
          const controlText = 'error' in control ? String((control.error as Error).message) : '';
          for (const secret of secrets) {
            if (controlText.includes(secret)) continue;
            expect(error.message).not.toContain(secret);
            expect(JSON.stringify(error)).not.toContain(secret);
          }
        }),
        { numRuns: 400 },
      );
    });

    it('arbitrary values, not objects, give CONFIG_INVALID', () => {
      fc.assert(
        fc.property(fc.anything(), (value) => {
          const result = attempt(() => factory(value));
          if ('value' in result) return; // an object that happens to be a valid config
          expect(isAuthError(result.error) && result.error.code, String(result.error)).toBe('CONFIG_INVALID');
        }),
        { numRuns: 300 },
      );
    });
  });
}
