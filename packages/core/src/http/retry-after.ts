/**
 * The longest cool-down a `Retry-After` can impose. A larger (or absurd: `1e300`) value would
 * otherwise stop every renewal for days, or forever, after the provider has recovered.
 */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Reads a `Retry-After` header (delta-seconds or HTTP-date) as milliseconds to wait, at most
 * {@link MAX_RETRY_AFTER_MS}. Returns `undefined` when absent or unreadable.
 *
 * @param value - the header's value
 * @param serverNow - the time on the server's clock: an HTTP-date is one of its timestamps, so a
 *   skewed local clock (or server clock) would stretch or cancel the wait. Local time plus the
 *   response's `Date` offset (`TokenResponse.clockOffsetMs`).
 */
export function parseRetryAfter(value: string | null, serverNow: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - serverNow;
  return Number.isNaN(delay) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(delay)));
}
