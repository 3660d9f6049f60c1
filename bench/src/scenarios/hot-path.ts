import { Bench } from 'tinybench';
import { authwireProvider, type BenchEnv, oauth2Fetch } from '../contenders/index.js';
import { formatCount, formatMs, formatRatio, ratioVerdict, type ScenarioResult } from '../report.js';
import { summarize } from '../stats.js';

/** Calls per tinybench iteration: amortizes the harness's own per-iteration cost. */
const BATCH = 1000;
const FLOOR = 'floor: `async () => cached`';
const GET_TOKEN = 'authwire `provider.getToken()`';
const HEADER = 'authwire `provider.getAuthorizationHeader()`';
const OAUTH2_FETCH = '@badgateway/oauth2-client `OAuth2Fetch.getToken()`';

/** Options of {@link hotPath}. */
export interface HotPathOptions {
  /** tinybench runs; each runs every task (rotating order) and yields one median per task. */
  rounds: number;
  /** Measuring time per task and round, after warm-up. */
  timeMs: number;
}

/** The median of `values`. */
const median = (values: number[]) => summarize(values).p50;

/** The hot path: getting a cached, fresh token, against the floor and OAuth2Fetch. */
export async function hotPath(env: BenchEnv, options: HotPathOptions): Promise<ScenarioResult> {
  const provider = authwireProvider(env);
  const cached = await provider.getToken();
  const wrapper = oauth2Fetch(env);
  await wrapper.getToken();
  const floor = async () => cached;
  const candidates: [string, () => Promise<unknown>][] = [
    [FLOOR, floor],
    [GET_TOKEN, () => provider.getToken()],
    [HEADER, () => provider.getAuthorizationHeader()],
    [OAUTH2_FETCH, () => wrapper.getToken()],
  ];

  // Per task: the per-call median and p99 of each round, and each round's ratio to the floor.
  const perRound = new Map<string, { p50: number[]; p99: number[]; ratio: number[] }>(
    candidates.map(([name]) => [name, { p50: [], p99: [], ratio: [] }]),
  );
  for (let round = 0; round < options.rounds; round += 1) {
    const bench = new Bench({ time: options.timeMs, warmupTime: Math.min(100, options.timeMs) });
    for (let i = 0; i < candidates.length; i += 1) {
      const [name, call] = candidates[(i + round) % candidates.length] as [string, () => Promise<unknown>];
      bench.add(name, async () => {
        for (let n = 0; n < BATCH; n += 1) await call();
      });
    }
    await bench.run();
    const p50 = (name: string) => (bench.getTask(name)?.result?.latency.p50 ?? Number.NaN) / BATCH;
    for (const [name, series] of perRound) {
      series.p50.push(p50(name));
      series.p99.push((bench.getTask(name)?.result?.latency.p99 ?? Number.NaN) / BATCH);
      series.ratio.push(p50(name) / p50(FLOOR));
    }
  }

  const result = (name: string) => {
    const series = perRound.get(name) ?? { p50: [], p99: [], ratio: [] };
    return {
      p50: median(series.p50),
      p99: median(series.p99),
      ratio: median(series.ratio),
      low: Math.min(...series.ratio),
      high: Math.max(...series.ratio),
    };
  };
  const rows = candidates.map(([name]) => {
    const { p50, p99, ratio, low, high } = result(name);
    return [
      name,
      formatCount(1000 / p50),
      formatMs(p50),
      formatMs(p99),
      formatRatio(ratio),
      `${formatRatio(low)} – ${formatRatio(high)}`,
    ];
  });
  const ours = result(GET_TOKEN);
  const ratio = ours.ratio;
  const peer = result(OAUTH2_FETCH).ratio;
  // Against OAuth2Fetch, round by round: getToken()'s median ÷ OAuth2Fetch.getToken()'s of the same run.
  const vsPeer = (perRound.get(GET_TOKEN)?.p50 ?? []).map(
    (value, round) => value / (perRound.get(OAUTH2_FETCH)?.p50[round] ?? Number.NaN),
  );
  const vsPeerMedian = median(vsPeer);
  const vsPeerRange = `${formatRatio(Math.min(...vsPeer))} – ${formatRatio(Math.max(...vsPeer))}`;
  const floorVerdict = ratioVerdict(ratio, 1.6, ours.low);
  const losses =
    vsPeerMedian >= 1
      ? [
          `Hot path: \`getToken()\` runs at ${formatRatio(ratio)} the floor, OAuth2Fetch.getToken() at ${formatRatio(peer)} (it only compares \`expiresAt\` with \`Date.now()\`): ${formatRatio(vsPeerMedian)} its time (runs ${vsPeerRange}).`,
        ]
      : [];
  return {
    tables: [
      {
        title: '1. Hot path: `getToken()` on a fresh cached token',
        note: `tinybench, ${options.rounds} runs (rotating task order) of ${options.timeMs} ms per task after warm-up; each iteration awaits ${formatCount(BATCH)} sequential calls, so figures are per call (iteration time ÷ ${formatCount(BATCH)}). Median over the runs of each run's median (ops/s from it) and p99; the ratio is to the floor of the same run, with its range over the runs.`,
        columns: ['contender', 'ops/s', 'median / call', 'p99 / call', 'ratio to floor', 'range over runs'],
        rows,
      },
    ],
    targets: [
      {
        target: '`getToken()` on a fresh cached token ≤ 1.6× the floor',
        floor: `\`async () => cached\`: ${formatMs(result(FLOOR).p50)} per call`,
        measured: `${formatRatio(ratio)} (runs ${formatRatio(ours.low)} – ${formatRatio(ours.high)}; ${formatMs(ours.p50)} per call)`,
        ...floorVerdict,
      },
      {
        target: '`getToken()` faster than `OAuth2Fetch.getToken()` (same run)',
        floor: `OAuth2Fetch.getToken(): ${formatMs(result(OAUTH2_FETCH).p50)} per call`,
        measured: `${formatRatio(vsPeerMedian)} its time (runs ${vsPeerRange})`,
        met: vsPeerMedian < 1,
        ...(vsPeerMedian >= 1 && { miss: `not met: ${((vsPeerMedian - 1) * 100).toFixed(1)} % slower` }),
      },
    ],
    losses,
  };
}
