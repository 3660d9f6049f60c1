import type { KyInstance } from 'ky';
import { AuthError, isAuthError } from '../errors/auth-error.js';
import type { AuthErrorCode } from '../errors/codes.js';
import { safeCause } from '../errors/safe-cause.js';
import { type ContextSettings, createAdapterContext, createHttp } from '../http/create-adapter-context.js';
import { sharedMemoryStore } from '../stores/memory-store.js';
import type { AdapterContext, AuthAdapter } from '../types/adapter.js';
import type { AuthEvent } from '../types/events.js';
import type { TokenProviderOptions } from '../types/options.js';
import type { ReleaseLock, StoredToken, TokenStore } from '../types/store.js';
import type { AccessToken, GetTokenOptions, TokenProvider } from '../types/token.js';
import { abortedError, untilAborted, waitFor } from './wait-for.js';
import { type Entry, expirySkew, toEntry } from './windows.js';

/**
 * The state of one account in one store, shared by every provider of this process that uses
 * that store and cache key: the current token, the renewal in flight, the last failure.
 */
interface Slot {
  entry: Entry | undefined;
  inflight: Promise<Entry> | undefined;
  failure: { error: AuthError; until: number } | undefined;
}

const slotsByStore = new WeakMap<TokenStore, Map<string, Slot>>();

function slotFor(store: TokenStore, key: string): Slot {
  let slots = slotsByStore.get(store);
  if (slots === undefined) {
    slots = new Map();
    slotsByStore.set(store, slots);
  }
  let slot = slots.get(key);
  if (slot === undefined) {
    slot = { entry: undefined, inflight: undefined, failure: undefined };
    slots.set(key, slot);
  }
  return slot;
}

/** How much longer than the renewal timeout the cross-process lock lives. */
const LOCK_MARGIN_MS = 5000;
/** How much longer than the lock's TTL a lock wait may take before authwire gives up on the store. */
const LOCK_WAIT_GRACE_MS = 1000;

/** Visible ASCII only: what an `Authorization` header value can carry around the one space. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

const isTransient = (code: AuthErrorCode) => code === 'PROVIDER_UNAVAILABLE' || code === 'RATE_LIMITED';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Builds a {@link TokenProvider} around an adapter: caching, single-flight renewal,
 * stale-while-revalidate, refresh-then-login fallback and generation-checked invalidation.
 *
 * @param adapter - one provider's wire protocol
 * @param options - transport, store, clock, events and timing
 * @returns the provider applications use
 * @example
 * ```ts
 * const provider = createTokenProvider(myAdapter, { onEvent: console.log });
 * const header = await provider.getAuthorizationHeader();
 * ```
 */
export function createTokenProvider(adapter: AuthAdapter, options: TokenProviderOptions = {}): TokenProvider {
  const clock = options.clock ?? Date;
  const now = () => clock.now();
  const store = options.store ?? sharedMemoryStore();
  const key = adapter.cacheKey;
  const slot = slotFor(store, key);
  const provider = adapter.name;
  const minRetryIntervalMs = options.minRetryIntervalMs ?? 1000;
  const renewalTimeoutMs = options.renewalTimeoutMs ?? 30_000;
  const windows = { refreshWindowMs: options.refreshWindowMs, expirySkewMs: options.expirySkewMs };
  const onEvent = options.onEvent;

  const emit = (event: AuthEvent) => {
    if (onEvent === undefined) return;
    try {
      onEvent(event);
    } catch {
      // A listener's failure is not the caller's failure.
    }
  };
  const settings: ContextSettings = {
    provider,
    fetch: options.fetch,
    now,
    emit,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    retryLimit: options.retry?.limit ?? 2,
    backoffMs: options.retry?.backoffMs ?? 300,
  };
  let http: KyInstance | undefined;
  const getHttp = () => {
    http ??= createHttp(settings);
    return http;
  };

  async function storeCall<T>(operation: 'get' | 'set' | 'delete' | 'lock' | 'unlock', run: () => Promise<T>) {
    try {
      return await run();
    } catch (error) {
      emit({ type: 'store-error', provider, operation, message: safeCause(error)?.message ?? 'unknown error' });
      return undefined;
    }
  }

  /** Adopts the stored entry when it is newer than the slot's; returns the current entry. */
  async function readStore(): Promise<Entry | undefined> {
    const stored = await storeCall('get', () => store.get(key));
    const current = slot.entry;
    if (stored !== undefined && (current === undefined || stored.obtainedAt > current.obtainedAt)) {
      slot.entry = toEntry(stored, windows);
    }
    return slot.entry;
  }

  function timeoutError(): AuthError {
    return new AuthError('PROVIDER_UNAVAILABLE', `${provider}: renewal timed out after ${renewalTimeoutMs} ms`, {
      provider,
    });
  }

  function toAuthError(error: unknown, signal: AbortSignal): AuthError {
    if (isAuthError(error)) return error;
    if (signal.aborted) return timeoutError();
    return new AuthError('UNEXPECTED_RESPONSE', `${provider}: the adapter failed unexpectedly`, {
      provider,
      cause: safeCause(error),
    });
  }

  /**
   * Runs one adapter call under the renewal's own deadline, and refuses a token that no
   * `Authorization` header can carry (it would break every request once cached).
   */
  async function attempt(run: () => Promise<AccessToken>, signal: AbortSignal): Promise<StoredToken> {
    const obtainedAt = now();
    const token = await untilAborted(Promise.resolve().then(run), signal, timeoutError);
    if (!HEADER_SAFE.test(token.value) || !HEADER_SAFE.test(token.scheme) || Number.isNaN(token.expiresAt)) {
      throw new AuthError('UNEXPECTED_RESPONSE', `${provider}: the token cannot be sent in an Authorization header`, {
        provider,
      });
    }
    return { token, obtainedAt };
  }

  /** A token that looks expired on arrival is used for the adapter's default lifetime. */
  function correctSkew(stored: StoredToken): Entry {
    const receivedAt = now();
    const entry = toEntry(stored, windows);
    if (entry.usableUntil > receivedAt) return entry;
    const { token } = stored;
    const expiresAt = receivedAt + (adapter.defaultLifetimeMs ?? 3_600_000);
    const shift = expiresAt - token.expiresAt;
    emit({ type: 'clock-skew', provider, claimedExpiresAt: token.expiresAt, expiresAt, receivedAt });
    const corrected: AccessToken = { ...token, expiresAt };
    if (token.refreshExpiresAt !== undefined) corrected.refreshExpiresAt = token.refreshExpiresAt + shift;
    return toEntry({ token: corrected, obtainedAt: receivedAt }, windows);
  }

  async function upstream(base: Entry | undefined, ctx: AdapterContext): Promise<Entry> {
    const started = now();
    const previous = base?.token;
    let fallbackFrom: AuthErrorCode | undefined;
    if (adapter.refresh !== undefined && previous?.refreshToken !== undefined) {
      const refreshExpiresAt = previous.refreshExpiresAt;
      const skew = expirySkew(previous.expiresAt - (base?.obtainedAt ?? started), windows);
      if (refreshExpiresAt === undefined || refreshExpiresAt - skew > started) {
        const refresh = adapter.refresh;
        try {
          const renewed = await attempt(() => refresh.call(adapter, previous, ctx), ctx.signal);
          // A refresh answer without a new refresh token keeps the old one.
          if (renewed.token.refreshToken === undefined) {
            renewed.token = { ...renewed.token, refreshToken: previous.refreshToken };
            if (refreshExpiresAt !== undefined) renewed.token.refreshExpiresAt = refreshExpiresAt;
          }
          const entry = correctSkew(renewed);
          emit({ type: 'refresh', provider, durationMs: now() - started, expiresAt: entry.token.expiresAt });
          return entry;
        } catch (error) {
          const authError = toAuthError(error, ctx.signal);
          if (isTransient(authError.code) || ctx.signal.aborted) throw authError;
          fallbackFrom = authError.code;
        }
      }
    }
    const entry = correctSkew(await attempt(() => adapter.login(ctx), ctx.signal));
    const event: AuthEvent = { type: 'login', provider, durationMs: now() - started, expiresAt: entry.token.expiresAt };
    if (fallbackFrom !== undefined) event.fallbackFrom = fallbackFrom;
    emit(event);
    return entry;
  }

  /**
   * Takes the store's cross-process lock, if it has one. Its TTL outlives the renewal timeout,
   * so a live holder always releases it first; waiting longer than that TTL is pointless (any
   * holder's lock has expired by then), so the wait is bounded by it. A lock that cannot be
   * taken is reported and the renewal goes on in-process, unlocked.
   */
  async function takeLock(): Promise<ReleaseLock | undefined> {
    if (store.lock === undefined) return undefined;
    const ttlMs = renewalTimeoutMs + LOCK_MARGIN_MS;
    const pending = Promise.resolve().then(() => store.lock?.(key, ttlMs));
    const waitMs = ttlMs + LOCK_WAIT_GRACE_MS;
    const release = await storeCall('lock', () =>
      untilAborted(pending, AbortSignal.timeout(waitMs), () => new Error(`lock not acquired within ${waitMs} ms`)),
    );
    if (release === undefined) {
      // Given up on: should the store still grant it, hand it straight back.
      pending
        .then(
          (late) => late?.(),
          () => undefined,
        )
        .catch(() => undefined);
    }
    return release;
  }

  async function runRenewal(force: boolean): Promise<Entry> {
    const replaced = slot.entry?.token.value;
    // Someone else (another provider, another process) may have renewed already.
    const renewedElsewhere = (entry: Entry | undefined): entry is Entry =>
      entry !== undefined && now() < entry.freshUntil && (!force || entry.token.value !== replaced);
    let current = await readStore();
    if (renewedElsewhere(current)) return current;
    const release = await takeLock();
    try {
      if (release !== undefined) {
        current = await readStore();
        if (renewedElsewhere(current)) return current;
      }
      return await renewUpstream(current);
    } finally {
      if (release !== undefined) await storeCall('unlock', release);
    }
  }

  /** One renewal against the provider, under its own deadline; stores and caches the result. */
  async function renewUpstream(current: Entry | undefined): Promise<Entry> {
    const started = now();
    const signal = AbortSignal.timeout(renewalTimeoutMs);
    try {
      const known = [...(adapter.secrets?.() ?? []), current?.token.value, current?.token.refreshToken];
      const ctx = createAdapterContext(settings, getHttp, signal, known);
      const entry = await upstream(current, ctx);
      const { expiresAt, refreshExpiresAt } = entry.token;
      const ttlMs = Math.max(expiresAt, refreshExpiresAt ?? 0) - now();
      await storeCall('set', () => store.set(key, { token: entry.token, obtainedAt: entry.obtainedAt }, ttlMs));
      slot.entry = entry;
      slot.failure = undefined;
      return entry;
    } catch (error) {
      const authError = toAuthError(error, signal);
      const failedAt = now();
      const serving = slot.entry !== undefined && failedAt < slot.entry.usableUntil;
      const event: AuthEvent = {
        type: 'renewal-failed',
        provider,
        code: authError.code,
        message: authError.message,
        durationMs: failedAt - started,
        serving,
      };
      if (authError.status !== undefined) event.status = authError.status;
      emit(event);
      const cooldown = isTransient(authError.code) ? Math.max(minRetryIntervalMs, authError.retryAfterMs ?? 0) : 0;
      slot.failure = { error: authError, until: failedAt + cooldown };
      throw authError;
    }
  }

  /** The single flight: every caller of this slot shares one renewal. */
  function renew(force: boolean): Promise<Entry> {
    if (slot.inflight !== undefined) return slot.inflight;
    const failure = slot.failure;
    if (failure !== undefined && now() < failure.until) return Promise.reject(failure.error);
    const inflight = runRenewal(force).finally(() => {
      slot.inflight = undefined;
    });
    slot.inflight = inflight;
    return inflight;
  }

  /**
   * The entry a caller gets at once, without I/O: a fresh one, or a stale one (starting the one
   * background renewal unless it runs already or a failure is cooling down). The hot path.
   */
  function servable(options: GetTokenOptions | undefined): Entry | undefined {
    const entry = slot.entry;
    if (entry === undefined || options?.forceRefresh === true || options?.signal?.aborted === true) return undefined;
    const at = now();
    if (at < entry.freshUntil) return entry;
    if (at >= entry.usableUntil) return undefined;
    const failure = slot.failure;
    if (slot.inflight === undefined && (failure === undefined || at >= failure.until)) {
      renew(false).catch(() => undefined); // reported as a renewal-failed event
    }
    return entry;
  }

  /** Waits for the shared renewal (or fails at once for an aborted caller). */
  function renewed(options: GetTokenOptions | undefined): Promise<Entry> {
    if (options?.signal?.aborted) return Promise.reject(abortedError(provider));
    return waitFor(renew(options?.forceRefresh === true), options?.signal, provider);
  }

  async function getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const entry = servable(options);
    if (entry !== undefined) return entry.token;
    return (await renewed(options)).token;
  }

  async function invalidate(rejected?: AccessToken): Promise<void> {
    const matches = (token: AccessToken | undefined) =>
      token !== undefined && (rejected === undefined || token.value === rejected.value);
    const entry = slot.entry;
    if (entry !== undefined && matches(entry.token)) {
      // Keep the refresh token: the next renewal may still use it.
      slot.entry = { ...entry, freshUntil: Number.NEGATIVE_INFINITY, usableUntil: Number.NEGATIVE_INFINITY };
    }
    const stored = await storeCall('get', () => store.get(key));
    if (matches(stored?.token)) await storeCall('delete', () => store.delete(key));
  }

  const describe = () => ({ name: provider, origins: adapter.origins });
  return {
    name: provider,
    origins: adapter.origins,
    getToken,
    async getAuthorizationHeader(options?: GetTokenOptions) {
      const entry = servable(options);
      if (entry !== undefined) return entry.header;
      return (await renewed(options)).header;
    },
    invalidate,
    toJSON: describe,
    [inspectSymbol]: () => `TokenProvider ${JSON.stringify(describe())}`,
  } as TokenProvider;
}
