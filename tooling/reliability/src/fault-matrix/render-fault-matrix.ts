import { coolDownMs } from '../oracles/core-rules.js';
import type { FaultCase, UpstreamCalls } from './fault-case.js';

/** The `minRetryIntervalMs` of every provider the fault matrix runs. */
export const MIN_RETRY_INTERVAL_MS = 1000;

/**
 * How long a provider refuses to call upstream again after the row's failure, by core's rule:
 * {@link MIN_RETRY_INTERVAL_MS} or `Retry-After`, whichever is longer, for transient codes; none
 * otherwise (and none after a success).
 *
 * @param row - a row
 * @returns milliseconds
 * @example
 * ```ts
 * cooldownOf({ expected: 'RATE_LIMITED', retryAfterMs: 30_000 }); // 30_000
 * ```
 */
export function cooldownOf(row: Pick<FaultCase, 'expected' | 'retryAfterMs'>): number {
  if (row.expected === 'ok') return 0;
  return coolDownMs({ code: row.expected, retryAfterMs: row.retryAfterMs }, MIN_RETRY_INTERVAL_MS);
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function calls({ login, refresh }: UpstreamCalls): string {
  const parts = [];
  if (refresh > 0) parts.push(count(refresh, 'refresh', 'refreshes'));
  if (login > 0) parts.push(count(login, 'login', 'logins'));
  return parts.length === 0 ? 'none' : parts.join(' + ');
}

const duration = (ms: number) => (ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 1000} s`);

function outcome(row: FaultCase): string {
  if (row.expected === 'ok') {
    const notes = [];
    if (row.fallbackFrom !== undefined) notes.push(`refresh \`${row.fallbackFrom}\`, then login`);
    if (row.clockSkew) notes.push('`clock-skew` event');
    if (row.lifetimeMs !== undefined) notes.push(`lives ${row.lifetimeMs / 3_600_000} h`);
    return notes.length === 0 ? 'ok' : `ok (${notes.join('; ')})`;
  }
  const notes = [];
  if (row.status !== undefined) notes.push(`HTTP ${row.status}`);
  if (row.expected === 'RATE_LIMITED') {
    notes.push(row.retryAfterMs === undefined ? 'no retryAfterMs' : `retryAfterMs ${row.retryAfterMs}`);
  }
  return notes.length === 0 ? `\`${row.expected}\`` : `\`${row.expected}\` (${notes.join(', ')})`;
}

function cached(row: FaultCase): string {
  if (row.expected === 'ok') return 'the new token';
  return row.target === 'login' ? 'nothing' : 'nothing new (the expired token stays)';
}

function recovery(row: FaultCase): string {
  if (!row.recovers) return 'no';
  const when =
    row.expected === 'ok'
      ? 'at the next expiry'
      : cooldownOf(row) > 0
        ? `after ${duration(cooldownOf(row))}`
        : 'at once';
  return `yes, ${when}: ${calls(row.recovery)}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * Renders fault-matrix rows as the markdown table of `docs/reliability.md`; a test compares the
 * two, so the document cannot drift from what runs.
 *
 * @param rows - an adapter's rows, e.g. `mastersIndiaFaultMatrix`
 * @returns the table, header included, one line per row, ending in a newline
 * @example
 * ```ts
 * expect(doc).toContain(renderFaultMatrix(mastersIndiaFaultMatrix));
 * ```
 */
export function renderFaultMatrix(rows: readonly FaultCase[]): string {
  const lines = [
    '| # | target | case | expected | upstream calls | cached after | recovers (once healed) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row, index) =>
      [String(index + 1), row.target, row.name, outcome(row), calls(row.calls), cached(row), recovery(row)]
        .map(cell)
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
