import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createMemoryStore, type TokenProvider } from '@authwire/core';
import { type MastersIndiaConfig, mastersIndia } from '@authwire/masters-india';
import { type Emulator, fakeClock, startEmulator } from '@authwire/testing';
import { formatCount, formatMs, formatRatio, type ScenarioResult } from '../report.js';
import { Samples, type Summary } from '../stats.js';

/** Options of {@link renewalLatency}. */
export interface RenewalLatencyOptions {
  /** Rounds: each one fresh calls, then stale calls while a renewal runs. */
  rounds: number;
  /** How long the emulator holds each refresh, so that it overlaps the measured calls. */
  refreshDelayMs: number;
  /** Concurrent callers timed in the expired window (for contrast: they wait). */
  expiredCallers: number;
}

/** How far before expiry the stale calls are placed: inside the 5 min refresh window, outside the 30 s skew. */
const STALE_AT_MS = 120_000;

async function timedCall(provider: TokenProvider, ...sinks: Samples[]): Promise<void> {
  const started = performance.now();
  await provider.getToken();
  const elapsed = performance.now() - started;
  for (const samples of sinks) samples.push(elapsed);
}

/**
 * Renewal latency: `getToken()` callers in the fresh window against callers in the stale
 * window while the background renewal runs (held `refreshDelayMs` by the emulator). Time is
 * a fake clock shared by the provider and the emulator; calls are spaced by a turn of the event
 * loop so that the renewal's I/O proceeds between them.
 */
export async function renewalLatency(options: RenewalLatencyOptions): Promise<ScenarioResult> {
  const clock = fakeClock();
  const emulator: Emulator = await startEmulator({ now: clock.now });
  let renewals = 0;
  const provider = mastersIndia(emulator.mastersIndia.config() as unknown as MastersIndiaConfig, {
    clock,
    store: createMemoryStore({ now: clock.now }),
    onEvent: (event) => {
      if (event.type === 'login' || event.type === 'refresh') renewals += 1;
    },
  });
  try {
    await provider.getToken();
    const capacity = 1_000_000;
    const fresh = new Samples(capacity);
    // Odd and even rounds apart: their difference is the noise of this measurement.
    const halves = [new Samples(capacity), new Samples(capacity)] as const;
    const stale = new Samples(capacity);
    const scratch = new Samples(capacity);
    let renewalWallMs = 0;
    for (let round = -2; round < options.rounds; round += 1) {
      // Warm-up rounds (negative) are not kept.
      const freshSinks = round < 0 ? [scratch] : [fresh, halves[round % 2 === 0 ? 0 : 1]];
      const staleSink = round < 0 ? scratch : stale;
      const { expiresAt } = await provider.getToken();
      clock.advance(expiresAt - STALE_AT_MS - clock.now());
      emulator.mastersIndia.server.fail('refresh', { type: 'delay', ms: options.refreshDelayMs }, 1);
      const target = renewals + 1;
      const started = performance.now();
      while (renewals < target) {
        await timedCall(provider, staleSink);
        await yieldToLoop();
      }
      renewalWallMs += performance.now() - started;
      // Fresh calls on the renewed token, spaced the same way, with the same background I/O: a
      // request to the emulator that it holds as long as the renewal.
      const { value } = await provider.getToken();
      emulator.mastersIndia.server.fail('api', { type: 'delay', ms: options.refreshDelayMs }, 1);
      let done = false;
      const background = fetch(emulator.mastersIndia.protectedUrl, { headers: { authorization: `JWT ${value}` } })
        .then((response) => response.arrayBuffer())
        .finally(() => {
          done = true;
        });
      while (!done) {
        await timedCall(provider, ...freshSinks);
        await yieldToLoop();
      }
      await background;
    }

    // Contrast: the expired window, where callers have to wait for the renewal.
    const expired = new Samples(options.expiredCallers * 3);
    for (let round = 0; round < 3; round += 1) {
      const { expiresAt } = await provider.getToken();
      clock.advance(expiresAt + 1000 - clock.now());
      emulator.mastersIndia.server.fail('refresh', { type: 'delay', ms: options.refreshDelayMs }, 1);
      await Promise.all(Array.from({ length: options.expiredCallers }, () => timedCall(provider, expired)));
    }

    const freshAll = fresh.summary();
    const [freshA, freshB] = [halves[0].summary(), halves[1].summary()];
    const staleSummary = stale.summary();
    const expiredSummary = expired.summary();
    const p99Ratio = staleSummary.p99 / freshAll.p99;
    const p50Ratio = staleSummary.p50 / freshAll.p50;
    const noise = Math.max(freshA.p99 / freshB.p99, freshB.p99 / freshA.p99);
    // "Equal within noise": the stale p99 is no further from the fresh p99 than twice the
    // spread between two halves of the fresh samples, or 25 % (sub-microsecond figures).
    const tolerance = Math.max(0.25, 2 * (noise - 1));
    const met = Math.abs(p99Ratio - 1) <= tolerance;
    const row = (name: string, summary: Summary) => [
      name,
      formatCount(summary.n),
      formatMs(summary.p50),
      formatMs(summary.p99),
      formatRatio(summary.p50 / freshAll.p50),
      formatRatio(summary.p99 / freshAll.p99),
    ];
    return {
      tables: [
        {
          title: '4. Renewal latency: `getToken()` in the fresh and the stale window',
          note: `Masters India provider on a fake clock shared with the emulator. ${options.rounds} rounds (after 2 warm-up rounds): stale calls are placed 2 min before expiry (inside the 5 min refresh window) while the background refresh runs, held ${options.refreshDelayMs} ms by the emulator (renewal wall time: ${formatMs(renewalWallMs / (options.rounds + 2))} per round); then fresh calls on the renewed token while a request to the emulator's protected endpoint, held as long, is in flight (the same background I/O). Calls are sequential, one event-loop turn apart, so the background I/O runs between them. Noise reference: the p99 of odd rounds' fresh calls against even rounds': ${formatRatio(noise)}. The expired row is for contrast: ${formatCount(options.expiredCallers)} concurrent callers after expiry, ×3 rounds, who must wait.`,
          columns: ['window', 'calls', 'median', 'p99', 'median ratio to fresh', 'p99 ratio to fresh'],
          rows: [
            row('fresh', freshAll),
            row('stale, renewal in flight', staleSummary),
            row('expired (contrast: callers wait)', expiredSummary),
          ],
        },
      ],
      targets: [
        {
          target: 'stale-window p99 = fresh p99 within noise (no caller waits)',
          floor: `fresh-window p99: ${formatMs(freshAll.p99)}`,
          measured: `p99 ${formatRatio(p99Ratio)}, median ${formatRatio(p50Ratio)} (tolerance ±${(tolerance * 100).toFixed(0)} %)`,
          met,
        },
      ],
      losses: [],
    };
  } finally {
    await emulator.close();
  }
}
