import { readFile } from 'node:fs/promises';
import {
  type AccessToken,
  type AuthError,
  type AuthEvent,
  createMemoryStore,
  isAuthError,
  type ProviderFactory,
  type StoredToken,
  type TokenStore,
} from '@authwire/core';
import { fakeClock, mockedProvider, type ProviderMock, type TokenServerOptions } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import type { SetupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import type { FaultCase, UpstreamCalls } from './fault-case.js';
import { cooldownOf, MIN_RETRY_INTERVAL_MS, renderFaultMatrix } from './render-fault-matrix.js';

/**
 * What {@link describeFaultMatrix} runs: an adapter's factory, its msw mock and its rows.
 *
 * @example
 * ```ts
 * describeFaultMatrix({ factory: mastersIndia, mock: mastersIndiaHandlers, cases: mastersIndiaFaultMatrix });
 * ```
 */
export interface FaultMatrixOptions {
  /** The adapter package's factory, e.g. `mastersIndia`. */
  // biome-ignore lint/suspicious/noExplicitAny: any provider's config
  factory: ProviderFactory<any>;
  /** Builds the provider's msw mock. */
  mock: (options: TokenServerOptions) => ProviderMock;
  /** The rows, e.g. `mastersIndiaFaultMatrix`. */
  cases: readonly FaultCase[];
}

const START = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const PASSWORD = 'pw-FaultMatrix-7c1e-do-not-show';
/** Callers of the renewal under test: they must all get the same result from one renewal. */
const CALLERS = 3;

interface RecordingStore extends TokenStore {
  /** Every entry written, in order. */
  readonly writes: StoredToken[];
  readonly keys: Set<string>;
}

function recordingStore(now: () => number): RecordingStore {
  const inner = createMemoryStore({ now });
  const writes: StoredToken[] = [];
  const keys = new Set<string>();
  return {
    writes,
    keys,
    get: (key) => inner.get(key),
    async set(key, entry, ttlMs) {
      writes.push(entry);
      keys.add(key);
      await inner.set(key, entry, ttlMs);
    },
    delete: (key) => inner.delete(key),
  };
}

/**
 * Runs an adapter's fault matrix: one test per row, against the adapter's msw mock on a fake
 * clock. Each test checks the outcome of the renewal under test for several concurrent callers
 * (one shared result), the exact upstream calls, what the store holds afterwards (nothing from a
 * failure), that a failure is not retried upstream before its cool-down (transient codes) and is
 * retried at once otherwise, and that the next renewal succeeds once the mock is healed.
 *
 * @param options - the factory, the mock and the rows
 * @example
 * ```ts
 * // packages/masters-india/test/fault-matrix.test.ts
 * describeFaultMatrix({ factory: mastersIndia, mock: mastersIndiaHandlers, cases: mastersIndiaFaultMatrix });
 * ```
 */
export function describeFaultMatrix(options: FaultMatrixOptions): void {
  const name = options.factory.providerName;

  async function run(server: SetupServer, row: FaultCase) {
    const clock = fakeClock(START);
    const store = recordingStore(clock.now);
    const { mock, events, provider } = mockedProvider({
      factory: options.factory,
      mock: (onClock) =>
        options.mock({
          ...onClock,
          password: PASSWORD,
          accessLifetimeMs: HOUR,
          refreshLifetimeMs: 7 * 24 * HOUR,
          ...row.server,
        }),
      msw: server,
      clock,
      options: { store, requestTimeoutMs: 5000, minRetryIntervalMs: MIN_RETRY_INTERVAL_MS, ...row.options },
    });
    const upstream = (): UpstreamCalls => {
      const operations = mock.server.requests.map((request) => request.operation);
      return {
        login: operations.filter((operation) => operation === 'login').length,
        refresh: operations.filter((operation) => operation === 'refresh').length,
      };
    };
    const since = (before: UpstreamCalls): UpstreamCalls => {
      const now = upstream();
      return { login: now.login - before.login, refresh: now.refresh - before.refresh };
    };

    let previous: AccessToken | undefined;
    if (row.target === 'refresh') {
      row.beforeLogin?.(mock.server);
      previous = await provider.getToken();
      expect(upstream()).toEqual({ login: 1, refresh: 0 });
      row.afterLogin?.(mock.server, previous);
      clock.advance(previous.expiresAt - clock.now()); // expired: callers wait for the renewal
    }
    const fault = typeof row.fault === 'function' ? row.fault(mock.server) : row.fault;
    if (fault !== undefined) mock.server.fail(row.target, fault);

    const before = upstream();
    const writes = store.writes.length;
    const firstEvent = events.length;
    const requestedAt = clock.now();
    const results = await Promise.allSettled(Array.from({ length: CALLERS }, () => provider.getToken()));
    expect(since(before), 'upstream calls of the renewal').toEqual(row.calls);
    const emitted = events.slice(firstEvent);
    const count = (type: AuthEvent['type']) => emitted.filter((event) => event.type === type).length;
    expect(count('clock-skew'), 'clock-skew events').toBe(row.clockSkew ? 1 : 0);

    let expiresAt = 0;
    let cooldown = 0;
    if (row.expected === 'ok') {
      const tokens = results.map((result) => (result.status === 'fulfilled' ? result.value : result.reason));
      const [token] = tokens as [AccessToken];
      expect(tokens, 'every caller gets the one new token').toEqual(Array.from({ length: CALLERS }, () => token));
      expect(token.scheme).toBe(mock.scheme);
      expect(token.value).not.toBe(previous?.value);
      expect(token.expiresAt).toBeGreaterThan(clock.now());
      if (row.lifetimeMs !== undefined) expect(token.expiresAt - requestedAt).toBe(row.lifetimeMs);
      expect(
        store.writes.slice(writes).map((entry) => entry.token.value),
        'cached',
      ).toEqual([token.value]);
      expect(count('renewal-failed')).toBe(0);
      const renewal = emitted.find((event) => event.type === 'login' || event.type === 'refresh');
      const byRefresh = row.calls.refresh > 0 && row.fallbackFrom === undefined;
      expect(renewal?.type).toBe(byRefresh ? 'refresh' : 'login');
      expect(renewal?.type === 'login' ? renewal.fallbackFrom : undefined).toBe(row.fallbackFrom);
      const again = upstream();
      expect((await provider.getToken()).value).toBe(token.value);
      expect(since(again), 'served from the cache').toEqual({ login: 0, refresh: 0 });
      expiresAt = token.expiresAt;
    } else {
      const reasons = results.map((result) => (result.status === 'rejected' ? result.reason : result.value));
      const error = reasons[0] as AuthError;
      expect(isAuthError(error), `an AuthError, got ${String(error)}`).toBe(true);
      expect(reasons, 'every caller gets the same error').toEqual(reasons.map(() => error));
      expect({ code: error.code, status: error.status, provider: error.provider }).toEqual({
        code: row.expected,
        status: row.status,
        provider: name,
      });
      expect(error.retryAfterMs).toBe(row.expected === 'RATE_LIMITED' ? row.retryAfterMs : undefined);
      expect(store.writes.length, 'nothing cached from the failure').toBe(writes);
      if (previous === undefined) {
        expect(store.keys.size, 'the store holds no entry').toBe(0);
      } else {
        const [key] = store.keys;
        expect((await store.get(key ?? ''))?.token.value, 'the store keeps the previous token').toBe(previous.value);
      }
      const failures = emitted.filter((event) => event.type === 'renewal-failed');
      expect(failures).toEqual([expect.objectContaining({ code: row.expected, serving: false })]);

      // The failure is not cached beyond its cool-down: transient codes wait it out, others ask again at once.
      cooldown = cooldownOf(row);
      const retry = upstream();
      const next = await provider.getToken().catch((e: unknown) => e);
      if (cooldown > 0) {
        expect(next, 'within the cool-down: the same error, no upstream call').toBe(error);
        expect(since(retry)).toEqual({ login: 0, refresh: 0 });
        clock.advance(cooldown);
        const later = await provider.getToken().catch((e: unknown) => e);
        expect(isAuthError(later) && later.code).toBe(row.expected);
      } else {
        expect(next).not.toBe(error);
        expect(isAuthError(next) && next.code).toBe(row.expected);
      }
      expect(since(retry), 'the next renewal calls upstream again').toEqual(row.calls);
    }

    mock.server.heal();
    // An error: the next call after the cool-down renews. Success: the next renewal is at expiry.
    clock.advance(row.expected === 'ok' ? expiresAt - clock.now() : cooldown);
    const healed = upstream();
    const recovered = await provider.getToken().then(
      (token) => token,
      () => undefined,
    );
    expect(recovered !== undefined, 'recovers once healed').toBe(row.recovers);
    if (recovered !== undefined) {
      expect(since(healed), 'upstream calls of the recovery').toEqual(row.recovery);
      expect(mock.server.accepts(recovered.value), 'the recovered token is live').toBe(true);
    }
  }

  describe(`${name}: fault matrix`, () => {
    const server = useMswServer();

    for (const [index, row] of options.cases.entries()) {
      const outcome = row.expected === 'ok' ? (row.fallbackFrom ? `ok after ${row.fallbackFrom}` : 'ok') : row.expected;
      it(`#${index + 1} ${row.target}: ${row.name} → ${outcome}`, () => run(server, row));
    }
  });
}

/**
 * What {@link describeFaultMatrixDoc} compares: a document, the section of it that lists an
 * adapter's fault matrix, and the rows.
 *
 * @example
 * ```ts
 * const options: FaultMatrixDocOptions = {
 *   doc: new URL('../../../docs/reliability.md', import.meta.url),
 *   section: 'masters-india',
 *   provider: 'Masters India',
 *   cases: mastersIndiaFaultMatrix,
 * };
 * ```
 */
export interface FaultMatrixDocOptions {
  /** The markdown document, e.g. `new URL('../../../docs/reliability.md', import.meta.url)`. */
  doc: URL;
  /** The section: the table stands between `<!-- fault-matrix:<section> -->` and `<!-- /fault-matrix:<section> -->`. */
  section: string;
  /** The provider as the test title names it, e.g. `'Masters India'`. */
  provider: string;
  /** The rows, e.g. `mastersIndiaFaultMatrix`. */
  cases: readonly FaultCase[];
  /**
   * The fewest rows a matrix may have.
   * @default 30
   */
  minRows?: number;
}

/**
 * Checks that a document lists exactly an adapter's fault-matrix rows: its section must be
 * `renderFaultMatrix(cases)`, to the character, so the document cannot drift from what runs.
 * The test is named after the document's last two path segments (e.g. `docs/reliability.md`).
 *
 * @param options - the document, its section, the provider's name and the rows
 * @example
 * ```ts
 * describeFaultMatrixDoc({
 *   doc: new URL('../../../docs/reliability.md', import.meta.url),
 *   section: 'masters-india',
 *   provider: 'Masters India',
 *   cases: mastersIndiaFaultMatrix,
 * });
 * ```
 */
export function describeFaultMatrixDoc(options: FaultMatrixDocOptions): void {
  const { doc, section, cases, minRows = 30 } = options;
  const escaped = section.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`<!-- fault-matrix:${escaped} -->\n([\\s\\S]*?)<!-- \\/fault-matrix:${escaped} -->`);
  describe(doc.pathname.split('/').slice(-2).join('/'), () => {
    it(`lists exactly the rows of the ${options.provider} fault matrix`, async () => {
      const [, table] = pattern.exec(await readFile(doc, 'utf8')) ?? [];
      expect(table, `the doc has a ${section} fault-matrix section`).toBeDefined();
      expect(table).toBe(renderFaultMatrix(cases));
      expect(cases.length).toBeGreaterThanOrEqual(minRows);
    });
  });
}
