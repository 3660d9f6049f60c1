/**
 * The engine: one provider's view of an account's token, and the renewal every provider of that
 * account shares. Read top-down; the rules are in policy.ts, the shared state in slots.ts.
 *
 * State of a slot's token, as one provider sees it (its own windows and clock, windows.ts):
 *
 *   none ──renewal──▶ fresh ──refreshWindow──▶ stale ──expirySkew──▶ expired ──renewal──▶ fresh
 *                       ▲        (served)        (served, one background   (callers wait)
 *                       │                          renewal starts)
 *                       └── invalidate(it) ──▶ rejected (never served; its refresh token renews)
 *
 * Call graph:
 *
 *   getToken / getAuthorizationHeader
 *     ├─ serveCached            hot path, no I/O: fresh → it; stale → it + startBackgroundRenewal
 *     └─ waitForRenewal         the caller's own signal; the renewal runs on without it
 *          └─ joinRenewal       single flight per slot; a failure cooling down answers at once
 *               └─ renew        store first (another process may have renewed), under its lock
 *                    ├─ readStore          validate, check the credentials, adopt a newer version
 *                    ├─ takeLock
 *                    └─ renewAtProvider    own deadline; stores the result, records a failure
 *                         └─ refreshOrLogin
 *                              ├─ callAdapter(refresh)   while the refresh token lives
 *                              └─ callAdapter(login)     else, or after a non-transient refresh failure
 *   invalidate                 marks the rejected entry, deletes that version from the store
 */
import type { KyInstance } from 'ky';
import { AuthError, isAuthError } from '../errors/auth-error.js';
import type { AuthErrorCode } from '../errors/codes.js';
import { createRedactor, type Redactor } from '../errors/redactor.js';
import { redactAuthError, safeCause } from '../errors/safe-cause.js';
import { type ContextSettings, createAdapterContext, createHttp } from '../http/create-adapter-context.js';
import { isStoredToken } from '../stores/is-stored-token.js';
import { sharedMemoryStore } from '../stores/memory-store.js';
import type { AdapterContext, AuthAdapter, RefreshUnsupported } from '../types/adapter.js';
import type { AuthEvent } from '../types/events.js';
import type { TokenProviderOptions } from '../types/options.js';
import type { ReleaseLock, StoredToken } from '../types/store.js';
import type { AccessToken, GetTokenOptions, TokenProvider } from '../types/token.js';
import {
  canRefresh,
  coolDownMs,
  correctSkew,
  isSendable,
  isTransient,
  keepRefreshToken,
  nextVersion,
  storeTtlMs,
} from './policy.js';
import { isRefreshUnsupported } from './refresh-unsupported.js';
import { type SlotEntry, type SlotFailure, slotFor } from './slots.js';
import { abortedError, untilAborted, waitFor } from './wait-for.js';
import { toView, type View } from './windows.js';

/** How much longer than the renewal timeout the cross-process lock lives. */
const LOCK_MARGIN_MS = 5000;
/** How much longer than the lock's TTL a lock wait may take before authwire gives up on the store. */
const LOCK_WAIT_GRACE_MS = 1000;

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
/** How a binding reports an event to the provider's `onEvent`: shared across package copies. */
export const EMIT = Symbol.for('authwire.emit');
/**
 * How a binding reads a cached token synchronously (the request path's hot case): the token and
 * its header when one can be served at once (fresh, or stale with the background renewal
 * started), else `undefined` — the binding then awaits `getToken`. Shared across package copies.
 */
export const PEEK = Symbol.for('authwire.peek');

/** What {@link PEEK} answers: a servable token and its header, built once per token (no allocation per read). */
export interface Peeked {
  readonly entry: { readonly token: AccessToken };
  readonly header: string;
}

const noop = () => undefined;

type StoreOperation = 'get' | 'set' | 'delete' | 'lock' | 'unlock';

/**
 * Builds a {@link TokenProvider} around an adapter: caching, single-flight renewal,
 * stale-while-revalidate, refresh-then-login fallback and generation-checked invalidation.
 *
 * @param adapter - one provider's wire protocol
 * @param options - transport, store, clock, events and timing
 * @returns the provider applications use
 * @example
 * ```ts
 * import { type AuthAdapter, createTokenProvider } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const clientSecret = process.env.ACME_CLIENT_SECRET!;
 * const adapter: AuthAdapter = {
 *   name: 'acme',
 *   origins: ['https://api.acme.test'],
 *   cacheKey: 'acme|https://api.acme.test|my-client',
 *   secrets: () => [clientSecret],
 *   async login(ctx) {
 *     const form = { grant_type: 'client_credentials', client_id: 'my-client', client_secret: clientSecret };
 *     const res = await ctx.request('https://api.acme.test/oauth/token', { form });
 *     if (res.status !== 200) throw ctx.httpError(res);
 *     const body = ctx.parse(v.object({ access_token: v.string(), expires_in: v.number() }), res);
 *     return { value: body.access_token, scheme: 'Bearer', expiresAt: res.sentAt + body.expires_in * 1000 };
 *   },
 * };
 * const provider = createTokenProvider(adapter, { onEvent: console.log });
 * const header = await provider.getAuthorizationHeader(); // 'Bearer …'
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
  /** Turned off for this provider when its host answers that it has no refresh endpoint. */
  let refreshOff = adapter.refresh === undefined;

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
    let at = failure.at;
    if (failure.clock !== clock) {
      if (foreignFailure?.failure !== failure) foreignFailure = { failure, at: now() };
      at = foreignFailure.at;
    }
    return at + coolDownMs(failure.error, minRetryIntervalMs);
  };

  // ── The hot path ────────────────────────────────────────────────────────────────────────────

  /**
   * The entry a caller gets at once, without waiting: a fresh one, or a stale one (starting the one
   * background renewal unless it runs already or a failure is cooling down).
   */
  function serveCached(options: GetTokenOptions | undefined): View | undefined {
    const entry = slot.entry;
    if (entry === undefined || options?.forceRefresh === true || options?.signal?.aborted === true) return undefined;
    const current = viewOf(entry);
    const at = now();
    if (at < current.freshUntil) return current;
    if (at >= current.usableUntil) return undefined;
    startBackgroundRenewal(at);
    return current;
  }

  function startBackgroundRenewal(at: number): void {
    const failure = slot.failure;
    if (slot.inflight !== undefined || (failure !== undefined && at < coolingDownUntil(failure))) return;
    joinRenewal(false).catch(noop); // reported as a renewal-failed event
  }

  /** Waits for the shared renewal: the caller's signal abandons only its own wait. */
  async function waitForRenewal(options: GetTokenOptions | undefined): Promise<View> {
    if (options?.signal?.aborted) throw abortedError(provider);
    return viewOf(await waitFor(joinRenewal(options?.forceRefresh === true), options?.signal, provider));
  }

  // ── The single flight ───────────────────────────────────────────────────────────────────────

  /** Every caller of this slot shares one renewal; a failure cooling down answers at once. */
  function joinRenewal(force: boolean): Promise<SlotEntry> {
    if (slot.inflight !== undefined) return slot.inflight;
    const failure = slot.failure;
    if (failure !== undefined && now() < coolingDownUntil(failure)) return Promise.reject(failure.error);
    const inflight = renew(force, slot.entry?.version).finally(() => {
      slot.inflight = undefined;
    });
    slot.inflight = inflight;
    return inflight;
  }

  /**
   * Renews the slot's token unless someone else (another provider, another process) already has:
   * a fresh entry is taken as it is, except by `forceRefresh`, which takes only an entry newer than
   * the one its caller saw (in a fresh process: none).
   */
  async function renew(force: boolean, seenVersion: number | undefined): Promise<SlotEntry> {
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
      return await renewAtProvider(current);
    } finally {
      if (release !== undefined) await storeCall('unlock', release);
    }
  }

  // ── The store ───────────────────────────────────────────────────────────────────────────────

  /** Reports a store's trouble; a store's error may quote what it was given (the entry): redacted. */
  const storeError = (operation: StoreOperation, error: unknown) => {
    const { redact } = createRedactor([...secrets, slot.entry?.token.value, slot.entry?.token.refreshToken]);
    emit({ type: 'store-error', provider, operation, message: safeCause(error, redact)?.message ?? 'unknown error' });
  };

  /** One store call, bounded by the store timeout; a failure or a hang is reported and skipped. */
  async function storeCall<T>(operation: Exclude<StoreOperation, 'lock'>, run: () => Promise<T>) {
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

  /** Writes a renewed entry to the store, bound to the credentials that obtained it. */
  async function writeStore(entry: SlotEntry): Promise<void> {
    const bound = await credential('set');
    if (bound === undefined) return;
    const stored: StoredToken = { token: entry.token, obtainedAt: entry.obtainedAt, version: entry.version };
    if (bound.value !== undefined) stored.credential = bound.value;
    await storeCall('set', () => store.set(key, stored, storeTtlMs(entry.token, now())));
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

  // ── The provider ────────────────────────────────────────────────────────────────────────────

  /** What a renewal is doing: the operation under way, and the refresh failure a login replaced. */
  interface Attempt {
    operation: 'login' | 'refresh';
    fallbackFrom?: AuthErrorCode;
  }

  /** One renewal against the provider, under its own deadline; stores and caches the result. */
  async function renewAtProvider(current: SlotEntry | undefined): Promise<SlotEntry> {
    const started = now();
    const signal = AbortSignal.timeout(renewalTimeoutMs);
    const redactor = createRedactor([...secrets, current?.token.value, current?.token.refreshToken]);
    const attempt: Attempt = { operation: 'login' };
    try {
      const obtained = await refreshOrLogin(current, signal, redactor, attempt);
      const version = nextVersion(current, slot.highestVersion);
      slot.highestVersion = version;
      const entry: SlotEntry = { ...obtained, version };
      slot.entry = entry;
      slot.failure = undefined;
      await writeStore(entry);
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
        operation: attempt.operation,
      };
      if (authError.status !== undefined) event.status = authError.status;
      if (attempt.fallbackFrom !== undefined) event.fallbackFrom = attempt.fallbackFrom;
      emit(event);
      slot.failure = { error: authError, at: failedAt, clock };
      throw authError;
    }
  }

  /** Refresh while the refresh token lives; else, or when the refresh fails for good, login. */
  async function refreshOrLogin(
    base: SlotEntry | undefined,
    signal: AbortSignal,
    redactor: Redactor,
    attempt: Attempt,
  ): Promise<StoredToken> {
    const started = now();
    const contextFor = (operation: 'login' | 'refresh'): AdapterContext => {
      attempt.operation = operation;
      return createAdapterContext(settings, getHttp, signal, redactor, operation);
    };
    let fallbackFrom: AuthErrorCode | undefined;
    const previous = base?.token;
    const refresh = adapter.refresh;
    if (
      !refreshOff &&
      refresh !== undefined &&
      previous?.refreshToken !== undefined &&
      canRefresh(base, started, windows)
    ) {
      const refreshable = { ...previous, refreshToken: previous.refreshToken };
      try {
        const answer = await callAdapter(() => refresh.call(adapter, refreshable, contextFor('refresh')), signal);
        if (isRefreshUnsupported(answer)) {
          refreshOff = true;
          fallbackFrom = answer.error.code;
        } else {
          const entry = arrived({ token: keepRefreshToken(answer, previous), obtainedAt: started, version: 0 });
          emit({ type: 'refresh', provider, durationMs: now() - started, expiresAt: entry.token.expiresAt });
          return entry;
        }
      } catch (error) {
        const authError = toAuthError(error, signal, redactor);
        if (isTransient(authError.code) || signal.aborted) throw authError;
        fallbackFrom = authError.code;
      }
    }
    if (fallbackFrom !== undefined) attempt.fallbackFrom = fallbackFrom;
    const loginStarted = now();
    const entry = arrived({
      token: await callAdapter(() => adapter.login(contextFor('login')), signal),
      obtainedAt: loginStarted,
      version: 0,
    });
    const event: AuthEvent = { type: 'login', provider, durationMs: now() - started, expiresAt: entry.token.expiresAt };
    if (fallbackFrom !== undefined) event.fallbackFrom = fallbackFrom;
    emit(event);
    return entry;
  }

  /** Runs one adapter call under the renewal's own deadline, and refuses a token no header can carry. */
  async function callAdapter<T extends AccessToken | RefreshUnsupported>(
    run: () => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const answer = await untilAborted(Promise.resolve().then(run), signal, timeoutError);
    if (!isRefreshUnsupported(answer) && !isSendable(answer)) {
      throw new AuthError('UNEXPECTED_RESPONSE', `${provider}: the token cannot be sent in an Authorization header`, {
        provider,
      });
    }
    return answer;
  }

  /** A token that looks expired on arrival is used for the adapter's default lifetime (clock skew). */
  function arrived(stored: StoredToken): StoredToken {
    const receivedAt = now();
    const corrected = correctSkew(stored, receivedAt, adapter.defaultLifetimeMs ?? 3_600_000, windows);
    if (corrected === undefined) return stored;
    const claimedExpiresAt = stored.token.expiresAt;
    emit({ type: 'clock-skew', provider, claimedExpiresAt, expiresAt: corrected.token.expiresAt, receivedAt });
    return corrected;
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

  // ── After a rejection ───────────────────────────────────────────────────────────────────────

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
  const isTokenRejected = adapter.isTokenRejected?.bind(adapter) ?? ((response: Response) => response.status === 401);
  const tokenProvider: TokenProvider & {
    toJSON(): unknown;
    [inspectSymbol](): string;
    [EMIT](event: AuthEvent): void;
    [PEEK](signal?: AbortSignal | null): Peeked | undefined;
  } = {
    name: provider,
    origins: adapter.origins,
    headerName: (adapter.headerName ?? 'authorization').toLowerCase(),
    isTokenRejected,
    // The bindings report through the provider's own `onEvent` (token-withheld).
    [EMIT]: emit,
    [PEEK](signal) {
      return signal?.aborted ? undefined : serveCached(undefined);
    },
    async getToken(options?: GetTokenOptions) {
      return (serveCached(options) ?? (await waitForRenewal(options))).entry.token;
    },
    async getAuthorizationHeader(options?: GetTokenOptions) {
      return (serveCached(options) ?? (await waitForRenewal(options))).header;
    },
    invalidate,
    toJSON: describe,
    [inspectSymbol]: () => `TokenProvider ${JSON.stringify(describe())}`,
  };
  return tokenProvider;
}
