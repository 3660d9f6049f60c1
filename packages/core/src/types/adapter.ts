import type { KyInstance } from 'ky';
import type { GenericSchema, InferOutput } from 'valibot';
import type { AuthError } from '../errors/auth-error.js';
import type { AuthErrorCode } from '../errors/codes.js';
import type { AuthEvent } from './events.js';
import type { AccessToken } from './token.js';

/**
 * One token request, as an adapter describes it to {@link AdapterContext.request}.
 *
 * @example
 * ```ts
 * await ctx.request(`${base}/api/v1/token-auth/`, { json: { username, password } });
 * ```
 */
export interface TokenRequest {
  /** @default 'POST' */
  method?: string;
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** An `application/x-www-form-urlencoded` body. */
  form?: Record<string, string>;
}

/**
 * A token endpoint's answer, read whole, with the timing needed for expiry arithmetic.
 *
 * @example
 * ```ts
 * const res = await ctx.request(url, { json });
 * const expiresAt = res.sentAt + body.expires_in * 1000;
 * ```
 */
export interface TokenResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or `undefined` when the body is empty or not JSON. */
  body: unknown;
  /** Local time when the request was sent (lifetimes count from here). */
  sentAt: number;
  /** Local time when the response arrived. */
  receivedAt: number;
  /**
   * Server clock minus local clock, from the `Date` header; 0 when absent or within its
   * one-second resolution. Subtract it from a server timestamp to get local time.
   */
  clockOffsetMs: number;
}

/**
 * What an adapter gets for each login or refresh attempt.
 *
 * @example
 * ```ts
 * async login(ctx) {
 *   const res = await ctx.request(url, { json: { username, password } });
 *   if (res.status !== 200) throw ctx.httpError(res, 'login');
 *   const body = ctx.parse(TokenSchema, res, 'login');
 *   return { value: body.token, scheme: 'Bearer', expiresAt: res.sentAt + 3_600_000 };
 * }
 * ```
 */
export interface AdapterContext {
  /** A ky instance: the user's `fetch`, a per-attempt timeout, bounded retry of token POSTs. */
  readonly http: KyInstance;
  /** The clock of the provider's options. */
  now(): number;
  /** Fires when this renewal attempt runs out of time; independent of any caller. */
  readonly signal: AbortSignal;
  /** Emits an event to the provider's `onEvent`. */
  emit(event: AuthEvent): void;
  /**
   * Sends a token request through {@link AdapterContext.http} and reads the answer whole.
   * Network errors and timeouts (after retries) throw `PROVIDER_UNAVAILABLE`; every HTTP status
   * is returned, for the adapter to read. Redirects are not followed (a credential is never
   * re-sent to a `Location`): a 3xx comes back as it is.
   */
  request(url: string, init: TokenRequest): Promise<TokenResponse>;
  /**
   * The one mapping of an unwanted HTTP answer to an {@link AuthError}: 429 → `RATE_LIMITED`
   * (with `retryAfterMs`), 5xx → `PROVIDER_UNAVAILABLE`, 400/422 → `INVALID_REQUEST`,
   * 401/403 → `INVALID_CREDENTIALS`, else `UNEXPECTED_RESPONSE`. `code` overrides the mapping;
   * `detail` is appended to the message after redaction: every string the attempt sent in a body
   * (password, refresh token), the token being renewed and anything JWT-shaped become
   * `[redacted]`, so an adapter may quote the provider's error body as it is.
   * `Retry-After` is read as seconds or an HTTP date, capped at one hour.
   */
  httpError(
    res: TokenResponse,
    operation: 'login' | 'refresh',
    options?: { code?: AuthErrorCode; detail?: string },
  ): AuthError;
  /** Validates a body with a valibot schema; a mismatch throws `UNEXPECTED_RESPONSE`. */
  parse<S extends GenericSchema>(schema: S, res: TokenResponse, operation: 'login' | 'refresh'): InferOutput<S>;
}

/**
 * What an adapter implements: one provider's wire protocol, nothing else.
 *
 * @example
 * ```ts
 * const adapter: AuthAdapter = {
 *   name: 'acme',
 *   origins: ['https://api.acme.test'],
 *   cacheKey: 'acme|https://api.acme.test|alice',
 *   async login(ctx) { … },
 * };
 * const provider = createTokenProvider(adapter);
 * ```
 */
export interface AuthAdapter {
  readonly name: string;
  readonly origins: readonly string[];
  /** Stable per account: name + base URL + username, never the password. */
  readonly cacheKey: string;
  /**
   * How long a token lives when the provider does not say, or when what it says cannot be
   * trusted (a token that looks expired on arrival: clock skew).
   * @default 3600000 (1 h)
   */
  readonly defaultLifetimeMs?: number;
  /**
   * The account's secrets (the password) that must never reach a message, even when a provider
   * echoes one in an answer to a request that did not send it. A function, so that no property of
   * the adapter holds the value. What a request sends, and the tokens, are redacted anyway.
   */
  secrets?(): readonly string[];
  login(ctx: AdapterContext): Promise<AccessToken>;
  refresh?(token: AccessToken, ctx: AdapterContext): Promise<AccessToken>;
}
