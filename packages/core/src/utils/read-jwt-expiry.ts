import { jwtDecode } from 'jwt-decode';

/**
 * Reads a JWT's `exp` claim as epoch milliseconds, decoding the payload only: the signature is
 * not verified (authwire has no key) and an odd JOSE header is no reason to reject a token.
 * `exp` is a scheduling hint, nothing more.
 *
 * @param jwt - the token
 * @returns `exp` × 1000 on the issuer's clock, or `undefined` when absent or unreadable
 * @example
 * ```ts
 * const exp = readJwtExpiry(body.token);
 * const expiresAt = exp === undefined ? res.sentAt + DAY : exp - res.clockOffsetMs;
 * ```
 */
export function readJwtExpiry(jwt: string): number | undefined {
  try {
    const { exp } = jwtDecode(jwt);
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
