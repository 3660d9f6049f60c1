import type { AccessToken } from '../types/token.js';

/**
 * The header value that carries `token`: `${scheme} ${value}`, or the value alone when the scheme
 * is `''` (a static key).
 *
 * @param token - a token from `provider.getToken()`
 * @returns what to put in `provider.headerName`
 * @example
 * ```ts
 * import { headerValueOf } from '@authwire/core';
 *
 * headerValueOf({ scheme: 'JWT', value: 'eyJ.x.y' }); // 'JWT eyJ.x.y'
 * ```
 */
export function headerValueOf(token: Pick<AccessToken, 'scheme' | 'value'>): string {
  return token.scheme === '' ? token.value : `${token.scheme} ${token.value}`;
}

/**
 * The token a header value made by {@link headerValueOf} carries: what a binding passes to
 * `provider.invalidate` when the response to a request it authorised says the token was rejected. A sendable token's value
 * and scheme hold no space (the engine refuses any other), so the first space ends the scheme and
 * a value without one had none. `expiresAt` cannot be read from a header and is 0: enough for
 * `invalidate(rejected)`, which compares values.
 *
 * @param header - the value a binding set
 * @returns the token (`expiresAt` 0)
 * @example
 * ```ts
 * import { tokenOfHeader } from '@authwire/core';
 *
 * await provider.invalidate(tokenOfHeader('JWT eyJ.x.y'));
 * ```
 */
export function tokenOfHeader(header: string): AccessToken {
  const space = header.indexOf(' ');
  return space === -1
    ? { scheme: '', value: header, expiresAt: 0 }
    : { scheme: header.slice(0, space), value: header.slice(space + 1), expiresAt: 0 };
}
