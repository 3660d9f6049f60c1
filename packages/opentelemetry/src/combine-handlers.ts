import type { AuthEvent } from '@authwire/core';

/**
 * One `onEvent` handler that calls each of `handlers` in order: this package's
 * {@link instrumentAuthwire} and your own logging, say. A handler that throws does not keep the
 * others from seeing the event (core would stop at the first that throws), and `undefined` entries
 * are skipped, so an optional handler of yours can be passed as it is.
 *
 * @param handlers - the handlers, called in this order; `undefined` ones are left out
 * @returns a handler that calls every one of them and never throws
 * @example
 * ```ts
 * import { combineHandlers, instrumentAuthwire } from '@authwire/opentelemetry';
 * import { unionService } from '@authwire/union-service';
 *
 * const provider = unionService(
 *   { baseUrl: 'https://union-uat.ist-pay.com', username, password },
 *   {
 *     onEvent: combineHandlers(instrumentAuthwire(), (event) => {
 *       if (event.type === 'renewal-failed') console.warn(`authwire: ${event.provider} ${event.code}`);
 *     }),
 *   },
 * );
 * ```
 */
export function combineHandlers(
  ...handlers: readonly (((event: AuthEvent) => void) | undefined)[]
): (event: AuthEvent) => void {
  const present = handlers.filter((handler) => handler !== undefined);
  return (event) => {
    for (const handler of present) {
      try {
        handler(event);
      } catch {
        // One listener's failure is neither the caller's nor the other listeners'.
      }
    }
  };
}
