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
 * import { readJwtExpiry, type TokenResponse } from '@authwire/core';
 *
 * const DAY = 86_400_000;
 * // When a JWT from a token answer expires, on the local clock; a day after sending when it does not say.
 * const expiresAtOf = (jwt: string, res: TokenResponse) => {
 *   const exp = readJwtExpiry(jwt);
 *   return exp === undefined ? res.sentAt + DAY : exp - res.clockOffsetMs;
 * };
 * ```
 */
export function readJwtExpiry(jwt: string): number | undefined {
  try {
    const { exp } = jwtDecode(jwt);
    // Beyond the largest Date (8.64e15 ms) an exp is no date at all: treat it as absent.
    return typeof exp === 'number' && Math.abs(exp * 1000) <= 8.64e15 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
