import type { AccessToken } from '../types/token.js';

/** The `Authorization` value that carries `token`: `${scheme} ${value}`, or the value alone when the scheme is ''. */
export function headerOf(token: Pick<AccessToken, 'scheme' | 'value'>): string {
  return token.scheme === '' ? token.value : `${token.scheme} ${token.value}`;
}

/**
 * The token an `Authorization` value made by {@link headerOf} carries. A sendable token's value
 * and scheme hold no space (the engine refuses any other), so the first space ends the scheme and
 * a value without one had none. `expiresAt` cannot be read from a header and is 0: enough for
 * `invalidate(rejected)`, which compares values.
 */
export function tokenOf(header: string): AccessToken {
  const space = header.indexOf(' ');
  return space === -1
    ? { scheme: '', value: header, expiresAt: 0 }
    : { scheme: header.slice(0, space), value: header.slice(space + 1), expiresAt: 0 };
}
