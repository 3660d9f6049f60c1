import type { AuthEvent } from '@authwire/core';

/** A renewal as the telemetry reports it, whatever event told of it. */
export interface Renewal {
  provider: string;
  /** Unknown for a failure whose event does not say which operation failed. */
  operation: 'login' | 'refresh' | undefined;
  outcome: 'success' | 'failure';
  durationMs: number;
  /** The `AuthError` code of a failure. */
  code?: string;
  /** The failure's message (core redacts every secret out of it). */
  message?: string;
  status?: number;
  fallbackFrom?: string;
  serving?: boolean;
}

type RenewalEvent = Extract<AuthEvent, { type: 'login' | 'refresh' | 'renewal-failed' }>;

const isOperation = (value: unknown): value is 'login' | 'refresh' => value === 'login' || value === 'refresh';

/**
 * The renewal an event reports. A `renewal-failed` event names the operation that failed (and the
 * refresh failure a failed login replaced) only if core sends `operation` (and `fallbackFrom`):
 * read when present, never guessed.
 */
export function renewalOf(event: RenewalEvent): Renewal {
  const durationMs = Number.isFinite(event.durationMs) ? Math.max(0, event.durationMs) : 0;
  if (event.type === 'login') {
    const renewal: Renewal = { provider: event.provider, operation: 'login', outcome: 'success', durationMs };
    if (event.fallbackFrom !== undefined) renewal.fallbackFrom = event.fallbackFrom;
    return renewal;
  }
  if (event.type === 'refresh')
    return { provider: event.provider, operation: 'refresh', outcome: 'success', durationMs };
  const extra = event as { operation?: unknown; fallbackFrom?: unknown };
  const renewal: Renewal = {
    provider: event.provider,
    operation: isOperation(extra.operation) ? extra.operation : undefined,
    outcome: 'failure',
    durationMs,
    code: event.code,
    message: event.message,
    serving: event.serving,
  };
  if (event.status !== undefined) renewal.status = event.status;
  if (typeof extra.fallbackFrom === 'string') renewal.fallbackFrom = extra.fallbackFrom;
  return renewal;
}
