const encode = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * A JWT-shaped token with the given payload and a fake signature (mocks do not sign).
 *
 * @param payload - the claims, e.g. `{ exp, jti }`
 * @returns `header.payload.signature`
 * @example
 * ```ts
 * import { fakeJwt } from '@authwire/testing';
 *
 * fakeJwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
 * ```
 */
export function fakeJwt(payload: Record<string, unknown>): string {
  return `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode(payload)}.${encode({ sig: Math.random().toString(36).slice(2) })}`;
}
