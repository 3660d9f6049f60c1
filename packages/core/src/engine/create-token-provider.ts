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
import type { Clock, TokenProviderOptions } from '../types/options.js';
import type { ReleaseLock, StoredToken, TokenStore } from '../types/store.js';
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
import { credentialOf, keepWhileStored, type Slot, type SlotEntry, type SlotFailure, slotFor } from './slots.js';
import { abortedError, untilAborted } from './wait-for.js';
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
const NO_SECRETS: readonly string[] = [];
const tokenOf = (view: View) => view.entry.token;
const headerOf = (view: View) => view.header;
const isUnauthorized = (response: Response) => response.status === 401;

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
  return new Engine(adapter, options).handle();
}

/** What `JSON.stringify` and `util.inspect` show of a provider: never a secret. */
function describeProvider(this: TokenProvider) {
  return { name: this.name, origins: this.origins };
}

function inspectProvider(this: TokenProvider) {
  return `TokenProvider ${JSON.stringify(describeProvider.call(this))}`;
}

/**
 * One provider's engine. A class, not closures: its methods are shared by every provider, so a
 * provider costs one object of fields (DESIGN invariant 12: ≤ 3 KB per live cached account).
 */
class Engine {
  readonly #provider: string;
  readonly #adapter: AuthAdapter;
  /**
   * The options as given (also the lifecycle windows: `refreshWindowMs`, `expirySkewMs`), read
   * where they are used: a provider keeps no copy of them.
   */
  readonly #options: TokenProviderOptions;
  readonly #clock: Clock;
  readonly #store: TokenStore;
  readonly #key: string;
  readonly #secrets: readonly string[];
  /** Providers of the same account and credentials share a slot; other credentials get their own. */
  readonly #slot: Slot;
  /** Turned off for this provider when its host answers that it has no refresh endpoint. */
  #refreshOff: boolean;
  /** This provider's view of the slot's entry: recomputed only when the entry changes. */
  #view: View | undefined;
  /** When this provider learnt of a failure that another clock timed. */
  #foreignFailure: { failure: SlotFailure; at: number } | undefined;
  /** The error of this provider's callers whose signal fired: one function, shared by their waits (made on first use). */
  #abortedError: (() => AuthError) | undefined;

  constructor(adapter: AuthAdapter, options: TokenProviderOptions) {
    this.#provider = adapter.name;
    this.#adapter = adapter;
    this.#options = options;
    this.#clock = options.clock ?? Date;
    this.#store = options.store ?? sharedMemoryStore();
    this.#key = adapter.cacheKey;
    this.#secrets = adapter.secrets?.() ?? NO_SECRETS;
    this.#slot = slotFor(this.#store, this.#key, this.#secrets);
    this.#refreshOff = adapter.refresh === undefined;
    this.#view = undefined;
    this.#foreignFailure = undefined;
    this.#abortedError = undefined;
  }

  /** The provider handed out: its functions work detached (`const { getToken } = provider`). */
  handle(): TokenProvider {
    const adapter = this.#adapter;
    const provider: TokenProvider & {
      toJSON(): unknown;
      [inspectSymbol](): string;
      [EMIT](event: AuthEvent): void;
      [PEEK](signal?: AbortSignal | null): Peeked | undefined;
    } = {
      name: this.#provider,
      origins: adapter.origins,
      headerName: (adapter.headerName ?? 'authorization').toLowerCase(),
      isTokenRejected: adapter.isTokenRejected?.bind(adapter) ?? isUnauthorized,
      // The bindings report through the provider's own `onEvent` (token-withheld).
      [EMIT]: (event) => this.#emit(event),
      [PEEK]: (signal) => (signal?.aborted ? undefined : this.#serveCached(undefined)),
      getToken: (options) => this.#token(options),
      getAuthorizationHeader: (options) => this.#header(options),
      invalidate: (rejected) => this.#invalidate(rejected),
      toJSON: describeProvider,
      [inspectSymbol]: inspectProvider,
    };
    return provider;
  }

  get #renewalTimeoutMs(): number {
    return this.#options.renewalTimeoutMs ?? 30_000;
  }

  /** The error of a renewal that ran out of time. */
  #timeoutError(): AuthError {
    const provider = this.#provider;
    return new AuthError('PROVIDER_UNAVAILABLE', `${provider}: renewal timed out after ${this.#renewalTimeoutMs} ms`, {
      provider,
    });
  }

  #now(): number {
    return this.#clock.now();
  }

  #emit(event: AuthEvent): void {
    const { onEvent } = this.#options;
    if (onEvent === undefined) return;
    try {
      onEvent(event);
    } catch {
      // A listener's failure is not the caller's failure.
    }
  }

  #viewOf(entry: SlotEntry): View {
    const view = this.#view;
    if (view?.entry === entry) return view;
    this.#view = toView(entry, this.#options);
    return this.#view;
  }

  /**
   * Until when this provider answers with the last failure instead of calling upstream again: its
   * own `minRetryIntervalMs` (or the provider's `Retry-After`) on its own clock.
   */
  #coolingDownUntil(failure: SlotFailure): number {
    let at = failure.at;
    if (failure.clock !== this.#clock) {
      if (this.#foreignFailure?.failure !== failure) this.#foreignFailure = { failure, at: this.#now() };
      at = this.#foreignFailure.at;
    }
    return at + coolDownMs(failure.error, this.#options.minRetryIntervalMs ?? 1000);
  }

  // ── The hot path ────────────────────────────────────────────────────────────────────────────

  /**
   * `getToken`: a token served at once answers with its view's settled promise (nothing is
   * allocated per call); otherwise the caller waits for the renewal.
   */
  #token(options: GetTokenOptions | undefined): Promise<AccessToken> {
    try {
      return this.#serveCached(options)?.servedToken ?? this.#waitForRenewal(options).then(tokenOf);
    } catch (error) {
      return Promise.reject(error); // a throwing clock: still a rejected promise, as from an async function
    }
  }

  /** `getAuthorizationHeader`, like `getToken` above. */
  #header(options: GetTokenOptions | undefined): Promise<string> {
    try {
      return this.#serveCached(options)?.servedHeader ?? this.#waitForRenewal(options).then(headerOf);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The entry a caller gets at once, without waiting: a fresh one, or a stale one (starting the one
   * background renewal unless it runs already or a failure is cooling down).
   */
  #serveCached(options: GetTokenOptions | undefined): View | undefined {
    const entry = this.#slot.entry;
    if (entry === undefined || options?.forceRefresh === true || options?.signal?.aborted === true) return undefined;
    const current = this.#viewOf(entry);
    const at = this.#now();
    if (at < current.freshUntil) return current;
    if (at >= current.usableUntil) return undefined;
    this.#startBackgroundRenewal(at);
    return current;
  }

  #startBackgroundRenewal(at: number): void {
    const failure = this.#slot.failure;
    if (this.#slot.inflight !== undefined || (failure !== undefined && at < this.#coolingDownUntil(failure))) return;
    this.#joinRenewal(false).catch(noop); // reported as a renewal-failed event
  }

  /** Waits for the shared renewal: the caller's signal abandons only its own wait. */
  async #waitForRenewal(options: GetTokenOptions | undefined): Promise<View> {
    const signal = options?.signal;
    if (signal === undefined) return this.#viewOf(await this.#joinRenewal(options?.forceRefresh === true));
    const provider = this.#provider;
    this.#abortedError ??= () => abortedError(provider);
    if (signal.aborted) throw this.#abortedError();
    return this.#viewOf(
      await untilAborted(this.#joinRenewal(options?.forceRefresh === true), signal, this.#abortedError),
    );
  }

  // ── The single flight ───────────────────────────────────────────────────────────────────────

  /** Every caller of this slot shares one renewal; a failure cooling down answers at once. */
  #joinRenewal(force: boolean): Promise<SlotEntry> {
    const slot = this.#slot;
    if (slot.inflight !== undefined) return slot.inflight;
    const failure = slot.failure;
    if (failure !== undefined && this.#now() < this.#coolingDownUntil(failure)) return Promise.reject(failure.error);
    const inflight = this.#renew(force, slot.entry?.version).finally(() => {
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
  async #renew(force: boolean, seenVersion: number | undefined): Promise<SlotEntry> {
    const renewedElsewhere = (entry: SlotEntry | undefined): entry is SlotEntry =>
      entry !== undefined &&
      this.#now() < this.#viewOf(entry).freshUntil &&
      (!force || (seenVersion !== undefined && entry.version > seenVersion));
    // Hashing the credentials (for the store) runs while the store and the provider answer.
    credentialOf(this.#slot).catch(noop);
    let current = await this.#readStore();
    if (renewedElsewhere(current)) return current;
    const release = await this.#takeLock();
    try {
      if (release !== undefined) {
        current = await this.#readStore();
        if (renewedElsewhere(current)) return current;
      }
      return await this.#renewAtProvider(current);
    } finally {
      if (release !== undefined) await this.#storeCall('unlock', release);
    }
  }

  // ── The store ───────────────────────────────────────────────────────────────────────────────

  /** Reports a store's trouble; a store's error may quote what it was given (the entry): redacted. */
  #storeError(operation: StoreOperation, error: unknown): void {
    const entry = this.#slot.entry;
    const { redact } = createRedactor([...this.#secrets, entry?.token.value, entry?.token.refreshToken]);
    const message = safeCause(error, redact)?.message ?? 'unknown error';
    this.#emit({ type: 'store-error', provider: this.#provider, operation, message });
  }

  /** One store call, bounded by the store timeout; a failure or a hang is reported and skipped. */
  async #storeCall<T>(operation: Exclude<StoreOperation, 'lock'>, run: () => Promise<T>): Promise<T | undefined> {
    const timeoutMs = this.#options.storeTimeoutMs ?? 5000;
    try {
      return await untilAborted(
        Promise.resolve().then(run),
        AbortSignal.timeout(timeoutMs),
        () => new Error(`the store did not answer ${operation} within ${timeoutMs} ms`),
      );
    } catch (error) {
      this.#storeError(operation, error);
      return undefined;
    }
  }

  /** This slot's credential hash, or `undefined` (reported) when it cannot be computed: the store is then skipped. */
  async #credential(operation: 'get' | 'set'): Promise<{ value: string | undefined } | undefined> {
    try {
      return { value: await credentialOf(this.#slot) };
    } catch (error) {
      this.#storeError(
        operation,
        new Error('cannot bind tokens to credentials (WebCrypto unavailable)', { cause: error }),
      );
      return undefined;
    }
  }

  /**
   * Reads the store and adopts its entry when it is valid, belongs to this slot's credentials and
   * is newer (by version, never by clock) than the slot's. Returns the slot's entry.
   */
  async #readStore(): Promise<SlotEntry | undefined> {
    const slot = this.#slot;
    const store = this.#store;
    const key = this.#key;
    const stored: unknown = await this.#storeCall('get', () => store.get(key));
    if (stored === undefined || stored === null) return slot.entry;
    if (!isStoredToken(stored) || !isSendable(stored.token)) {
      this.#storeError('get', new Error('the store returned an invalid entry; it was ignored'));
      return slot.entry;
    }
    slot.highestVersion = Math.max(slot.highestVersion, stored.version);
    const current = slot.entry;
    if (current !== undefined && stored.version <= current.version) return current;
    const bound = await this.#credential('get');
    // Another password's token (or one of unknown credentials) is never adopted.
    if (bound === undefined || stored.credential !== bound.value) return slot.entry;
    if (slot.entry === current) slot.entry = stored;
    return slot.entry;
  }

  /** Writes a renewed entry to the store, bound to the credentials that obtained it. */
  async #writeStore(entry: SlotEntry): Promise<void> {
    const bound = await this.#credential('set');
    if (bound === undefined) return;
    // Without credentials to bind, the entry is what the store holds (one object, not two).
    const stored: StoredToken =
      bound.value === undefined
        ? entry
        : { token: entry.token, obtainedAt: entry.obtainedAt, version: entry.version, credential: bound.value };
    const store = this.#store;
    const key = this.#key;
    keepWhileStored(stored, this.#slot);
    await this.#storeCall('set', () => store.set(key, stored, storeTtlMs(entry.token, this.#now())));
  }

  /**
   * Takes the store's cross-process lock, if it has one. Its TTL outlives the renewal timeout,
   * so a live holder always releases it first; waiting longer than that TTL is pointless (any
   * holder's lock has expired by then), so the wait is bounded by it. A lock that cannot be
   * taken is reported and the renewal goes on in-process, unlocked.
   */
  async #takeLock(): Promise<ReleaseLock | undefined> {
    const store = this.#store;
    const key = this.#key;
    if (store.lock === undefined) return undefined;
    const ttlMs = this.#renewalTimeoutMs + LOCK_MARGIN_MS;
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
      this.#storeError('lock', error);
      // Given up on: should the store still grant it, hand it straight back.
      pending.then((late) => late?.(), noop).catch(noop);
      return undefined;
    }
    if (typeof release !== 'function') {
      this.#storeError('lock', new Error('the store returned no release function; going on unlocked'));
      return undefined;
    }
    return release as ReleaseLock;
  }

  // ── The provider ────────────────────────────────────────────────────────────────────────────

  /** One renewal against the provider, under its own deadline; stores and caches the result. */
  async #renewAtProvider(current: SlotEntry | undefined): Promise<SlotEntry> {
    const slot = this.#slot;
    const provider = this.#provider;
    const started = this.#now();
    const signal = AbortSignal.timeout(this.#renewalTimeoutMs);
    const redactor = createRedactor([...this.#secrets, current?.token.value, current?.token.refreshToken]);
    const attempt: Attempt = { operation: 'login' };
    try {
      const obtained = await this.#refreshOrLogin(current, signal, redactor, attempt);
      const version = nextVersion(current, slot.highestVersion);
      slot.highestVersion = version;
      const entry: SlotEntry = { ...obtained, version };
      slot.entry = entry;
      slot.failure = undefined;
      await this.#writeStore(entry);
      return entry;
    } catch (error) {
      const authError = this.#toAuthError(error, signal, redactor);
      const failedAt = this.#now();
      const serving = slot.entry !== undefined && failedAt < this.#viewOf(slot.entry).usableUntil;
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
      this.#emit(event);
      slot.failure = { error: authError, at: failedAt, clock: this.#clock };
      throw authError;
    }
  }

  /** Refresh while the refresh token lives; else, or when the refresh fails for good, login. */
  async #refreshOrLogin(
    base: SlotEntry | undefined,
    signal: AbortSignal,
    redactor: Redactor,
    attempt: Attempt,
  ): Promise<StoredToken> {
    const adapter = this.#adapter;
    const provider = this.#provider;
    const options = this.#options;
    const started = this.#now();
    // Per renewal, like its ky instance: a provider holds no HTTP client between renewals.
    const settings: ContextSettings = {
      provider,
      fetch: options.fetch,
      now: () => this.#now(),
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      retryLimit: options.retry?.limit ?? 2,
      backoffMs: options.retry?.backoffMs ?? 300,
    };
    let http: KyInstance | undefined;
    const getHttp = () => {
      http ??= createHttp(settings);
      return http;
    };
    const contextFor = (operation: 'login' | 'refresh'): AdapterContext => {
      attempt.operation = operation;
      return createAdapterContext(settings, getHttp, signal, redactor, operation);
    };
    let fallbackFrom: AuthErrorCode | undefined;
    const previous = base?.token;
    const refresh = adapter.refresh;
    if (
      !this.#refreshOff &&
      refresh !== undefined &&
      previous?.refreshToken !== undefined &&
      canRefresh(base, started, options)
    ) {
      const refreshable = { ...previous, refreshToken: previous.refreshToken };
      try {
        const answer = await this.#callAdapter(() => refresh.call(adapter, refreshable, contextFor('refresh')), signal);
        if (isRefreshUnsupported(answer)) {
          this.#refreshOff = true;
          fallbackFrom = answer.error.code;
        } else {
          const entry = this.#arrived({ token: keepRefreshToken(answer, previous), obtainedAt: started, version: 0 });
          this.#emit({
            type: 'refresh',
            provider,
            durationMs: this.#now() - started,
            expiresAt: entry.token.expiresAt,
          });
          return entry;
        }
      } catch (error) {
        const authError = this.#toAuthError(error, signal, redactor);
        if (isTransient(authError.code) || signal.aborted) throw authError;
        fallbackFrom = authError.code;
      }
    }
    if (fallbackFrom !== undefined) attempt.fallbackFrom = fallbackFrom;
    const loginStarted = this.#now();
    const entry = this.#arrived({
      token: await this.#callAdapter(() => adapter.login(contextFor('login')), signal),
      obtainedAt: loginStarted,
      version: 0,
    });
    const event: AuthEvent = {
      type: 'login',
      provider,
      durationMs: this.#now() - started,
      expiresAt: entry.token.expiresAt,
    };
    if (fallbackFrom !== undefined) event.fallbackFrom = fallbackFrom;
    this.#emit(event);
    return entry;
  }

  /** Runs one adapter call under the renewal's own deadline, and refuses a token no header can carry. */
  async #callAdapter<T extends AccessToken | RefreshUnsupported>(
    run: () => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    const answer = await untilAborted(Promise.resolve().then(run), signal, () => this.#timeoutError());
    if (!isRefreshUnsupported(answer) && !isSendable(answer)) {
      const provider = this.#provider;
      throw new AuthError('UNEXPECTED_RESPONSE', `${provider}: the token cannot be sent in an Authorization header`, {
        provider,
      });
    }
    return answer;
  }

  /** A token that looks expired on arrival is used for the adapter's default lifetime (clock skew). */
  #arrived(stored: StoredToken): StoredToken {
    const receivedAt = this.#now();
    const lifetimeMs = this.#adapter.defaultLifetimeMs ?? 3_600_000;
    const corrected = correctSkew(stored, receivedAt, lifetimeMs, this.#options);
    if (corrected === undefined) return stored;
    const claimedExpiresAt = stored.token.expiresAt;
    const expiresAt = corrected.token.expiresAt;
    this.#emit({ type: 'clock-skew', provider: this.#provider, claimedExpiresAt, expiresAt, receivedAt });
    return corrected;
  }

  /** Whatever a renewal threw, as an AuthError whose message and causes hold no secret. */
  #toAuthError(error: unknown, signal: AbortSignal, redactor: Redactor): AuthError {
    if (isAuthError(error)) return redactAuthError(error, redactor.redact);
    if (signal.aborted) return this.#timeoutError();
    const provider = this.#provider;
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
  async #invalidate(rejected?: AccessToken): Promise<void> {
    const slot = this.#slot;
    const store = this.#store;
    const key = this.#key;
    const entry = slot.entry;
    if (entry === undefined || entry.rejected || (rejected !== undefined && entry.token.value !== rejected.value)) {
      return;
    }
    slot.entry = { ...entry, rejected: true };
    await this.#storeCall('delete', () => store.delete(key, entry.version));
  }
}

/** What a renewal is doing: the operation under way, and the refresh failure a login replaced. */
interface Attempt {
  operation: 'login' | 'refresh';
  fallbackFrom?: AuthErrorCode;
}
