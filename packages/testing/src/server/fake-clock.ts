/**
 * A clock that only moves when told: pass it as the `clock` option of a provider and as the
 * `now` option of a mock, and hours of token life pass in a test's milliseconds.
 *
 * @example
 * ```ts
 * import { fakeClock, unionServiceHandlers } from '@authwire/testing';
 * import { unionService } from '@authwire/union-service';
 *
 * const clock = fakeClock();
 * const mock = unionServiceHandlers({ now: clock.now });
 * const provider = unionService(mock.config(), { clock });
 * clock.advance(10 * 3_600_000);
 * ```
 */
export interface FakeClock {
  now(): number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
}

/**
 * Creates a {@link FakeClock}.
 *
 * @param start - the first time, in epoch ms
 * @returns the clock
 * @default start Date.now()
 * @example
 * ```ts
 * import { fakeClock } from '@authwire/testing';
 *
 * const clock = fakeClock(Date.parse('2026-01-01T09:00:00Z'));
 * ```
 */
export function fakeClock(start = Date.now()): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}
