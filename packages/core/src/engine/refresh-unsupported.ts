import type { AuthError } from '../errors/auth-error.js';
import type { RefreshUnsupported } from '../types/adapter.js';

/**
 * The answer of an adapter's `refresh` on a host without a refresh endpoint: the engine turns
 * refresh off for this provider and logs in instead, reporting `error.code` as the login's
 * `fallbackFrom`.
 *
 * @param error - why (e.g. `ctx.httpError(res, { detail: 'no refresh endpoint' })` for a 404)
 * @returns the answer to return from `refresh`
 * @example
 * ```ts
 * import { type AdapterContext, type RefreshableToken, refreshUnsupported } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const refresh = async (token: RefreshableToken, ctx: AdapterContext) => {
 *   const res = await ctx.request('https://api.acme.test/refresh', { json: { token: token.refreshToken } });
 *   if (res.status === 404) return refreshUnsupported(ctx.httpError(res, { detail: 'no refresh endpoint' }));
 *   if (res.status !== 200) throw ctx.httpError(res);
 *   const body = ctx.parse(v.object({ token: v.string() }), res);
 *   return { value: body.token, scheme: 'Bearer', expiresAt: res.sentAt + 3_600_000 };
 * };
 * ```
 */
export function refreshUnsupported(error: AuthError): RefreshUnsupported {
  return { refreshUnsupported: true, error };
}

/** Whether a refresh answered {@link refreshUnsupported}. */
export function isRefreshUnsupported(value: unknown): value is RefreshUnsupported {
  return (value as Partial<RefreshUnsupported> | null)?.refreshUnsupported === true;
}
