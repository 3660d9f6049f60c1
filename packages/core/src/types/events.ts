import type { AuthErrorCode } from '../errors/codes.js';

/** Fields every event has. */
interface EventBase {
  /** The adapter's name, e.g. `'union-service'`. */
  provider: string;
}

/**
 * What `onEvent` receives: renewals, failures, store trouble and clock skew. Never a secret.
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * const provider = mastersIndia(config, {
 *   onEvent: (e) => console.log(e.type, e.provider, 'durationMs' in e ? e.durationMs : ''),
 * });
 * ```
 */
export type AuthEvent =
  | (EventBase & {
      type: 'login';
      durationMs: number;
      expiresAt: number;
      /** Set when this login replaced a refresh that failed with this code. */
      fallbackFrom?: AuthErrorCode;
    })
  | (EventBase & { type: 'refresh'; durationMs: number; expiresAt: number })
  | (EventBase & {
      type: 'renewal-failed';
      code: AuthErrorCode;
      message: string;
      status?: number;
      durationMs: number;
      /** True when a still-valid token keeps being served despite the failure. */
      serving: boolean;
      /** The operation whose failure ended the renewal. */
      operation: 'login' | 'refresh';
      /** Set when the failed login had replaced a refresh that failed with this code. */
      fallbackFrom?: AuthErrorCode;
    })
  | (EventBase & {
      type: 'store-error';
      operation: 'get' | 'set' | 'delete' | 'lock' | 'unlock';
      message: string;
    })
  | (EventBase & {
      type: 'clock-skew';
      /** The expiry the provider's token claimed, on the local clock. */
      claimedExpiresAt: number;
      /** The expiry authwire uses instead. */
      expiresAt: number;
      receivedAt: number;
    })
  | (EventBase & {
      type: 'token-withheld';
      /**
       * The origin a request went to without the token because it is not among the binding's
       * origins (`localhost` vs `127.0.0.1`, a port spelled differently): reported once per origin
       * per binding.
       */
      origin: string;
    });

/** The `type` of an {@link AuthEvent}. */
export type AuthEventType = AuthEvent['type'];
