/**
 * The longest cool-down a `Retry-After` can impose. A larger (or absurd: `1e300`) value would
 * otherwise stop every renewal for days, or forever, after the provider has recovered.
 */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Reads a `Retry-After` header (delta-seconds or HTTP-date) as milliseconds from `now`, at most
 * {@link MAX_RETRY_AFTER_MS}. Returns `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isNaN(delay) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(delay)));
}
