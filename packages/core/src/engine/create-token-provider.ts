import type { KyInstance } from 'ky';
import { AuthError, isAuthError } from '../errors/auth-error.js';
import type { AuthErrorCode } from '../errors/codes.js';
import { createRedactor, type Redactor } from '../errors/redactor.js';
import { redactAuthError, safeCause } from '../errors/safe-cause.js';
import { type ContextSettings, createAdapterContext, createHttp } from '../http/create-adapter-context.js';
import { isStoredToken } from '../stores/is-stored-token.js';
import { sharedMemoryStore } from '../stores/memory-store.js';
import type { AdapterContext, AuthAdapter } from '../types/adapter.js';
import type { AuthEvent } from '../types/events.js';
import type { TokenProviderOptions } from '../types/options.js';
import type { ReleaseLock, StoredToken } from '../types/store.js';
import type { AccessToken, GetTokenOptions, TokenProvider } from '../types/token.js';
import { type SlotEntry, type SlotFailure, slotFor } from './slots.js';
import { abortedError, untilAborted, waitFor } from './wait-for.js';
import { expirySkew, toView, usableUntil, type View } from './windows.js';

/** How much longer than the renewal timeout the cross-process lock lives. */
const LOCK_MARGIN_MS = 5000;
/** How much longer than the lock's TTL a lock wait may take before authwire gives up on the store. */
const LOCK_WAIT_GRACE_MS = 1000;

/** Visible ASCII only: what an `Authorization` header value can carry around the one space. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

const isTransient = (code: AuthErrorCode) => code === 'PROVIDER_UNAVAILABLE' || code === 'RATE_LIMITED';

/** Whether a token can be sent in a header at all: anything else would break every request once cached. */
const isSendable = (token: AccessToken) =>
  HEADER_SAFE.test(token.value) && (token.scheme === '' || HEADER_SAFE.test(token.scheme));

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

const noop = () => undefined;

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
  const secrets = adapter.secrets?.() ?? [];
  // Providers of the same account and credentials share a slot; other credentials get their own.
  const slot = slotFor(store, key, secrets);
  const provider = adapter.name;
  const minRetryIntervalMs = options.minRetryIntervalMs ?? 1000;
  const renewalTimeoutMs = options.renewalTimeoutMs ?? 30_000;
  const storeTimeoutMs = options.storeTimeoutMs ?? 5000;
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

  /** This provider's view of the slot's entry: recomputed only when the entry changes. */
  let view: View | undefined;
  const viewOf = (entry: SlotEntry): View => {
    if (view?.entry !== entry) view = toView(entry, windows);
    return view;
  };

  /** When this provider learnt of a failure that another clock timed. */
  let foreignFailure: { failure: SlotFailure; at: number } | undefined;
  /**
   * Until when this provider answers with the last failure instead of calling upstream again: its
   * own `minRetryIntervalMs` (or the provider's `Retry-After`) on its own clock.
   */
  const coolingDownUntil = (failure: SlotFailure) => {
    if (!failure.transient) return Number.NEGATIVE_INFINITY;
    let at = failure.at;
    if (failure.clock !== clock) {
      if (foreignFailure?.failure !== failure) foreignFailure = { failure, at: now() };
      at = foreignFailure.at;
    }
    return at + Math.max(minRetryIntervalMs, failure.error.retryAfterMs ?? 0);
  };

  const storeError = (operation: 'get' | 'set' | 'delete' | 'lock' | 'unlock', error: unknown) =>
    emit({ type: 'store-error', provider, operation, message: safeCause(error)?.message ?? 'unknown error' });

  /** One store call, bounded by the store timeout; a failure or a hang is reported and skipped. */
  async function storeCall<T>(operation: 'get' | 'set' | 'delete' | 'unlock', run: () => Promise<T>) {
    try {
      return await untilAborted(
        Promise.resolve().then(run),
        AbortSignal.timeout(storeTimeoutMs),
        () => new Error(`the store did not answer ${operation} within ${storeTimeoutMs} ms`),
      );
    } catch (error) {
      storeError(operation, error);
      return undefined;
    }
  }

  /** This slot's credential hash, or `undefined` (reported) when it cannot be computed: the store is then skipped. */
  async function credential(operation: 'get' | 'set'): Promise<{ value: string | undefined } | undefined> {
    try {
      return { value: await slot.credential() };
    } catch (error) {
      storeError(operation, new Error('cannot bind tokens to credentials (WebCrypto unavailable)', { cause: error }));
      return undefined;
    }
  }

  /**
   * Reads the store and adopts its entry when it is valid, belongs to this slot's credentials and
   * is newer (by version, never by clock) than the slot's. Returns the slot's entry.
   */
  async function readStore(): Promise<SlotEntry | undefined> {
    const stored: unknown = await storeCall('get', () => store.get(key));
    if (stored === undefined || stored === null) return slot.entry;
    if (!isStoredToken(stored) || !isSendable(stored.token)) {
      storeError('get', new Error('the store returned an invalid entry; it was ignored'));
      return slot.entry;
    }
    slot.highestVersion = Math.max(slot.highestVersion, stored.version);
    const current = slot.entry;
    if (current !== undefined && stored.version <= current.version) return current;
    const bound = await credential('get');
    // Another password's token (or one of unknown credentials) is never adopted.
    if (bound === undefined || stored.credential !== bound.value) return slot.entry;
    if (slot.entry === current) slot.entry = stored;
    return slot.entry;
  }

  function timeoutError(): AuthError {
    return new AuthError('PROVIDER_UNAVAILABLE', `${provider}: renewal timed out after ${renewalTimeoutMs} ms`, {
      provider,
    });
  }

  /** Whatever a renewal threw, as an AuthError whose message and causes hold no secret. */
  function toAuthError(error: unknown, signal: AbortSignal, redactor: Redactor): AuthError {
    if (isAuthError(error)) return redactAuthError(error, redactor.redact);
    if (signal.aborted) return timeoutError();
    return new AuthError('UNEXPECTED_RESPONSE', `${provider}: the adapter failed unexpectedly`, {
      provider,
      cause: safeCause(error, redactor.redact),
    });
  }

  /** Runs one adapter call under the renewal's own deadline, and refuses a token no header can carry. */
  async function attempt(run: () => Promise<AccessToken>, signal: AbortSignal): Promise<StoredToken> {
    const obtainedAt = now();
    const token = await untilAborted(Promise.resolve().then(run), signal, timeoutError);
    if (!isSendable(token) || Number.isNaN(token.expiresAt)) {
      throw new AuthError('UNEXPECTED_RESPONSE', `${provider}: the token cannot be sent in an Authorization header`, {
        provider,
      });
    }
    return { token, obtainedAt, version: 0 };
  }

  /** A token that looks expired on arrival is used for the adapter's default lifetime (clock skew). */
  function correctSkew(stored: StoredToken): StoredToken {
    const receivedAt = now();
    if (usableUntil(stored, windows) > receivedAt) return stored;
    const { token } = stored;
    const expiresAt = receivedAt + (adapter.defaultLifetimeMs ?? 3_600_000);
    const shift = expiresAt - token.expiresAt;
    emit({ type: 'clock-skew', provider, claimedExpiresAt: token.expiresAt, expiresAt, receivedAt });
    const corrected: AccessToken = { ...token, expiresAt };
    if (token.refreshExpiresAt !== undefined) corrected.refreshExpiresAt = token.refreshExpiresAt + shift;
    return { ...stored, token: corrected, obtainedAt: receivedAt };
  }

  /** Refresh when the refresh token is alive, else (or when refresh fails for good) login. */
  async function upstream(base: SlotEntry | undefined, ctx: AdapterContext, redactor: Redactor): Promise<StoredToken> {
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
          const authError = toAuthError(error, ctx.signal, redactor);
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
    let release: unknown;
    try {
      release = await untilAborted(
        pending,
        AbortSignal.timeout(waitMs),
        () => new Error(`lock not acquired within ${waitMs} ms`),
      );
    } catch (error) {
      storeError('lock', error);
      // Given up on: should the store still grant it, hand it straight back.
      pending.then((late) => late?.(), noop).catch(noop);
      return undefined;
    }
    if (typeof release !== 'function') {
      storeError('lock', new Error('the store returned no release function; going on unlocked'));
      return undefined;
    }
    return release as ReleaseLock;
  }

  /**
   * Renews the slot's token unless someone else (another provider, another process) already has:
   * a fresh entry is taken as it is, except by `forceRefresh`, which takes only an entry newer than
   * the one its caller saw (in a fresh process: none).
   */
  async function runRenewal(force: boolean, seenVersion: number | undefined): Promise<SlotEntry> {
    const renewedElsewhere = (entry: SlotEntry | undefined): entry is SlotEntry =>
      entry !== undefined &&
      now() < viewOf(entry).freshUntil &&
      (!force || (seenVersion !== undefined && entry.version > seenVersion));
    // Hashing the credentials (for the store) runs while the store and the provider answer.
    slot.credential().catch(noop);
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
  async function renewUpstream(current: SlotEntry | undefined): Promise<SlotEntry> {
    const started = now();
    const signal = AbortSignal.timeout(renewalTimeoutMs);
    const redactor = createRedactor([...secrets, current?.token.value, current?.token.refreshToken]);
    try {
      const ctx = createAdapterContext(settings, getHttp, signal, redactor);
      const obtained = await upstream(current, ctx, redactor);
      // Versions count renewals, never time: a clock that steps back cannot make an old token newer.
      const version = Math.max(slot.highestVersion, current?.version ?? 0) + 1;
      slot.highestVersion = version;
      const entry: SlotEntry = { ...obtained, version };
      slot.entry = entry;
      slot.failure = undefined;
      await save(entry);
      return entry;
    } catch (error) {
      const authError = toAuthError(error, signal, redactor);
      const failedAt = now();
      const serving = slot.entry !== undefined && failedAt < viewOf(slot.entry).usableUntil;
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
      slot.failure = { error: authError, at: failedAt, clock, transient: isTransient(authError.code) };
      throw authError;
    }
  }

  /** Writes a renewed entry to the store, bound to the credentials that obtained it. */
  async function save(entry: SlotEntry): Promise<void> {
    const bound = await credential('set');
    if (bound === undefined) return;
    const stored: StoredToken = { token: entry.token, obtainedAt: entry.obtainedAt, version: entry.version };
    if (bound.value !== undefined) stored.credential = bound.value;
    const { expiresAt, refreshExpiresAt } = entry.token;
    const ttlMs = Math.max(expiresAt, refreshExpiresAt ?? 0) - now();
    await storeCall('set', () => store.set(key, stored, ttlMs));
  }

  /** The single flight: every caller of this slot shares one renewal. */
  function renew(force: boolean): Promise<SlotEntry> {
    if (slot.inflight !== undefined) return slot.inflight;
    const failure = slot.failure;
    if (failure !== undefined && now() < coolingDownUntil(failure)) return Promise.reject(failure.error);
    const inflight = runRenewal(force, slot.entry?.version).finally(() => {
      slot.inflight = undefined;
    });
    slot.inflight = inflight;
    return inflight;
  }

  /**
   * The entry a caller gets at once, without waiting: a fresh one, or a stale one (starting the one
   * background renewal unless it runs already or a failure is cooling down). The hot path.
   */
  function cached(options: GetTokenOptions | undefined): View | undefined {
    const entry = slot.entry;
    if (entry === undefined || options?.forceRefresh === true || options?.signal?.aborted === true) return undefined;
    const current = viewOf(entry);
    const at = now();
    if (at < current.freshUntil) return current;
    if (at >= current.usableUntil) return undefined;
    const failure = slot.failure;
    if (slot.inflight === undefined && (failure === undefined || at >= coolingDownUntil(failure))) {
      renew(false).catch(noop); // reported as a renewal-failed event
    }
    return current;
  }

  /** Waits for the shared renewal (or fails at once for an aborted caller). */
  async function renewed(options: GetTokenOptions | undefined): Promise<View> {
    if (options?.signal?.aborted) throw abortedError(provider);
    return viewOf(await waitFor(renew(options?.forceRefresh === true), options?.signal, provider));
  }

  /**
   * Marks the rejected token as unusable (its refresh token may still renew it) and removes it
   * from the store only while the store still holds that very version: never a newer one.
   */
  async function invalidate(rejected?: AccessToken): Promise<void> {
    const entry = slot.entry;
    if (entry === undefined || entry.rejected || (rejected !== undefined && entry.token.value !== rejected.value)) {
      return;
    }
    slot.entry = { ...entry, rejected: true };
    await storeCall('delete', () => store.delete(key, entry.version));
  }

  const describe = () => ({ name: provider, origins: adapter.origins });
  const tokenProvider: TokenProvider & { toJSON(): unknown; [inspectSymbol](): string } = {
    name: provider,
    origins: adapter.origins,
    async getToken(options?: GetTokenOptions) {
      return (cached(options) ?? (await renewed(options))).entry.token;
    },
    async getAuthorizationHeader(options?: GetTokenOptions) {
      return (cached(options) ?? (await renewed(options))).header;
    },
    invalidate,
    toJSON: describe,
    [inspectSymbol]: () => `TokenProvider ${JSON.stringify(describe())}`,
  };
  return tokenProvider;
}
