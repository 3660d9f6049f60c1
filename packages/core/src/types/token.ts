/**
 * A token as authwire caches and hands it out.
 *
 * @example
 * ```ts
 * const token = await provider.getToken();
 * console.log(token.scheme, new Date(token.expiresAt));
 * ```
 */
export interface AccessToken {
  /** The raw token, as the provider issued it. */
  value: string;
  /** The `Authorization` scheme: the header is `${scheme} ${value}` (`'JWT'`, `'Bearer'`, …). */
  scheme: string;
  /** When the token expires, in epoch milliseconds on the local clock. */
  expiresAt: number;
  /** The refresh token that came with it, if any. */
  refreshToken?: string;
  /** When the refresh token expires, in epoch milliseconds; absent when unknown. */
  refreshExpiresAt?: number;
}

/**
 * Per-call options of {@link TokenProvider.getToken}.
 *
 * @example
 * ```ts
 * await provider.getToken({ signal: AbortSignal.timeout(2_000) });
 * ```
 */
export interface GetTokenOptions {
  /** Abandons this caller's wait only (rejects with `ABORTED`); a shared renewal runs on. */
  signal?: AbortSignal;
  /** Renew even if the cached token is fresh. Concurrent callers still share one renewal. */
  forceRefresh?: boolean;
}

/**
 * What applications use: every adapter factory returns one.
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const provider = mastersIndia({ username, password });
 * const header = await provider.getAuthorizationHeader(); // 'JWT eyJ…'
 * ```
 */
export interface TokenProvider {
  /** The provider's name, e.g. `'masters-india'`. */
  readonly name: string;
  /** The origins this provider's tokens may be sent to. */
  readonly origins: readonly string[];
  /**
   * The header the token goes in: `authorization` (the default), or e.g. `api_key` for a static
   * key. Lower-case.
   */
  readonly headerName: string;
  /** A valid token: cached when fresh, renewed (once, for all callers) when not. */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** `${scheme} ${value}` of {@link TokenProvider.getToken}'s token. */
  getAuthorizationHeader(options?: GetTokenOptions): Promise<string>;
  /**
   * Drops the cached token. With `rejected`, only if the cache still holds that token
   * (a late 401 never throws away a newer token).
   */
  invalidate(rejected?: AccessToken): Promise<void>;
  /**
   * Whether a response of the provider's APIs says that the token it carried was rejected: the
   * adapter's knowledge (Masters India: 401, and a 403 whose body carries a JWT library's
   * "expired / invalid token" words; union-service: 401, never 403). The default: status 401.
   * Reads the body, when it must, from a clone.
   */
  isTokenRejected(response: Response): boolean | Promise<boolean>;
}
