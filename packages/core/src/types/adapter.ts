import type { GenericSchema, InferOutput } from 'valibot';
import type { AuthError } from '../errors/auth-error.js';
import type { AuthErrorCode } from '../errors/codes.js';
import type { AccessToken } from './token.js';

/**
 * One token request, as an adapter describes it to {@link AdapterContext.request}.
 *
 * @example
 * ```ts
 * import type { AdapterContext, TokenRequest } from '@authwire/core';
 *
 * const asJson: TokenRequest = { json: { username, password } };
 * const asForm: TokenRequest = { form: { username, password }, headers: { Productid: 'einvoice' } };
 * const login = (ctx: AdapterContext) => ctx.request('https://api.acme.test/api/v1/token-auth/', asJson);
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
 * import type { TokenResponse } from '@authwire/core';
 *
 * // A lifetime (`expires_in`, seconds) counts from when the request was sent.
 * const expiresAfter = (res: TokenResponse, seconds: number) => res.sentAt + seconds * 1000;
 * // A server timestamp (`expires_at`, epoch seconds on the server's clock) becomes local time.
 * const expiresAtLocal = (res: TokenResponse, epochSeconds: number) => epochSeconds * 1000 - res.clockOffsetMs;
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
 * What an adapter gets for each login or refresh attempt: the one way to send a token request,
 * the one mapping of an unwanted answer to an {@link AuthError}, and validation. There is no raw
 * HTTP escape hatch: every token request refuses redirects and is redacted. The engine knows
 * whether it runs a login or a refresh, and says so in every message.
 *
 * @example
 * ```ts
 * import type { AccessToken, AdapterContext } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const login = async (ctx: AdapterContext): Promise<AccessToken> => {
 *   const res = await ctx.request('https://api.acme.test/oauth/token', { json: { username, password } });
 *   if (res.status !== 200) throw ctx.httpError(res);
 *   const body = ctx.parse(v.object({ token: v.string() }), res);
 *   return { value: body.token, scheme: 'Bearer', expiresAt: res.sentAt + 3_600_000 };
 * };
 * ```
 */
export interface AdapterContext {
  /** Fires when this renewal attempt runs out of time; independent of any caller. */
  readonly signal: AbortSignal;
  /**
   * Sends a token request and reads the answer whole: the user's `fetch`, one deadline over the
   * attempt (headers and body), bounded retry of network errors and 502/503/504. Network errors
   * and timeouts (after retries) throw `PROVIDER_UNAVAILABLE`; every HTTP status is returned, for
   * the adapter to read. Redirects are not followed (a credential is never re-sent to a
   * `Location`): a 3xx comes back as it is. Everything sent is collected for redaction.
   */
  request(url: string, init: TokenRequest): Promise<TokenResponse>;
  /**
   * The one mapping of an unwanted HTTP answer to an {@link AuthError}: 429 → `RATE_LIMITED`
   * (with `retryAfterMs`), 5xx → `PROVIDER_UNAVAILABLE`, 400/422 → `INVALID_REQUEST`,
   * 401/403 → `INVALID_CREDENTIALS`, else `UNEXPECTED_RESPONSE`. `code` overrides the mapping;
   * `detail` is appended to the message after redaction: every string the attempt sent in a body
   * (password, refresh token), the declared secrets, the token being renewed and anything
   * JWT-shaped become `[redacted]`, so an adapter may quote the provider's error body as it is.
   * `Retry-After` is read as seconds or an HTTP date (on the server's clock), capped at one hour.
   */
  httpError(res: TokenResponse, options?: { code?: AuthErrorCode; detail?: string }): AuthError;
  /** Validates a body with a valibot schema; a mismatch throws `UNEXPECTED_RESPONSE`. */
  parse<S extends GenericSchema>(schema: S, res: TokenResponse): InferOutput<S>;
}

/**
 * A token that can be refreshed: what {@link AuthAdapter.refresh} receives.
 *
 * @example
 * ```ts
 * import type { RefreshableToken } from '@authwire/core';
 *
 * const refreshBody = (token: RefreshableToken) => ({ refresh_token: token.refreshToken }); // a string, always
 * ```
 */
export type RefreshableToken = AccessToken & { refreshToken: string };

/**
 * The answer of a refresh on a host that has no refresh endpoint (e.g. a 404): the engine turns
 * refresh off for this provider and logs in instead. Made by {@link refreshUnsupported}.
 *
 * @example
 * ```ts
 * import type { AccessToken, AdapterContext, RefreshableToken, RefreshUnsupported } from '@authwire/core';
 * import { refreshUnsupported } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * async function refresh(token: RefreshableToken, ctx: AdapterContext): Promise<AccessToken | RefreshUnsupported> {
 *   const res = await ctx.request('https://api.acme.test/oauth/refresh', { json: { refresh_token: token.refreshToken } });
 *   if (res.status === 404) return refreshUnsupported(ctx.httpError(res, { detail: 'no refresh endpoint' }));
 *   if (res.status !== 200) throw ctx.httpError(res);
 *   const body = ctx.parse(v.object({ access_token: v.string() }), res);
 *   return { value: body.access_token, scheme: 'Bearer', expiresAt: res.sentAt + 3_600_000 };
 * }
 * ```
 */
export interface RefreshUnsupported {
  readonly refreshUnsupported: true;
  /** Why: reported as the login's `fallbackFrom` code and in the `renewal-failed` event of a failed login. */
  readonly error: AuthError;
}

/**
 * What an adapter implements: one provider's wire protocol, nothing else. Built by
 * {@link defineProvider} from a {@link ProviderAdapter}, which derives the name, origins, cache key
 * and secrets; write one by hand only for {@link createTokenProvider}.
 *
 * @example
 * ```ts
 * import { type AuthAdapter, createTokenProvider } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const adapter: AuthAdapter = {
 *   name: 'acme',
 *   origins: ['https://api.acme.test'],
 *   cacheKey: `acme|https://api.acme.test|${username}`,
 *   secrets: () => [password],
 *   async login(ctx) {
 *     const res = await ctx.request('https://api.acme.test/oauth/token', { json: { username, password } });
 *     if (res.status !== 200) throw ctx.httpError(res);
 *     const body = ctx.parse(v.object({ access_token: v.string() }), res);
 *     return { value: body.access_token, scheme: 'Bearer', expiresAt: res.sentAt + 3_600_000 };
 *   },
 * };
 * const provider = createTokenProvider(adapter);
 * ```
 */
export interface AuthAdapter {
  readonly name: string;
  readonly origins: readonly string[];
  /** Stable per account: name + base URL + account, never the password. */
  readonly cacheKey: string;
  /**
   * How long a token lives when the provider does not say, or when what it says cannot be
   * trusted (a token that looks expired on arrival: clock skew).
   * @default 3600000 (1 h)
   */
  readonly defaultLifetimeMs?: number;
  /**
   * The account's secrets (the password): never in a message, even when a provider echoes one
   * in an answer to a request that did not send it; and what binds a token to the credentials
   * that obtained it. A function, so that no property of the adapter holds the value.
   */
  secrets?(): readonly string[];
  /**
   * The header the token goes in, lower-case.
   * @default 'authorization'
   */
  readonly headerName?: string;
  /**
   * Whether a response of the provider's APIs says the token was rejected (read the body, when
   * needed, with `readBodyPrefix`, which reads a bounded prefix of a clone).
   * @default response.status === 401
   */
  isTokenRejected?(response: Response): boolean | Promise<boolean>;
  login(ctx: AdapterContext): Promise<AccessToken>;
  /** Renews with the refresh token; may answer {@link RefreshUnsupported} to turn refresh off. */
  refresh?(token: RefreshableToken, ctx: AdapterContext): Promise<AccessToken | RefreshUnsupported>;
}

/**
 * What a {@link defineProvider} adapter writes: its protocol, and the two facts the factory
 * derives everything else from — the base URL (→ origins, cache key) and the account (→ cache
 * key; never a secret).
 *
 * @example
 * ```ts
 * import type { ProviderAdapter } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const adapter: ProviderAdapter = {
 *   baseUrl: 'https://api.acme.test',
 *   account: username,
 *   async login(ctx) {
 *     const res = await ctx.request('https://api.acme.test/oauth/token', { json: { username, password } });
 *     if (res.status !== 200) throw ctx.httpError(res);
 *     const body = ctx.parse(v.object({ access_token: v.string() }), res);
 *     return { value: body.access_token, scheme: 'Bearer', expiresAt: res.sentAt + 3_600_000 };
 *   },
 * };
 * ```
 */
export interface ProviderAdapter {
  /** The provider's base URL: its origin is where tokens may go; with `account`, the cache key. */
  readonly baseUrl: string;
  /** Who logs in (a username, a client id): part of the cache key, never a secret. */
  readonly account: string;
  /**
   * The origins tokens may be sent to, when they are not the base URL's (an OAuth2 token
   * endpoint serves other APIs).
   * @default [new URL(baseUrl).origin]
   */
  readonly origins?: readonly string[];
  /** @see AuthAdapter.defaultLifetimeMs */
  readonly defaultLifetimeMs?: number;
  /**
   * The header the token goes in, lower-case.
   * @default 'authorization'
   */
  readonly headerName?: string;
  /**
   * Whether a response of the provider's APIs says the token was rejected (read the body, when
   * needed, with `readBodyPrefix`, which reads a bounded prefix of a clone).
   * @default response.status === 401
   */
  isTokenRejected?(response: Response): boolean | Promise<boolean>;
  login(ctx: AdapterContext): Promise<AccessToken>;
  /** @see AuthAdapter.refresh */
  refresh?(token: RefreshableToken, ctx: AdapterContext): Promise<AccessToken | RefreshUnsupported>;
}
