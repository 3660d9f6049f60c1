import type { BenchEnv, Contender } from '../contenders/index.js';
import {
  authwireAxios,
  authwireFetch,
  authwireKy,
  authwireOpenapiFetch,
  authwireProvider,
  axiosAuthRefresh,
  axiosWithHeader,
  bareAxios,
  bareFetch,
  bareKy,
  fetchWithHeader,
  kyRefreshHook,
  kyWithHeader,
  oauth2FetchContender,
  openapiFetchMiddleware,
  openapiFetchWithHeader,
} from '../contenders/index.js';
import { formatCount, formatMs, formatRatio, ratioVerdict, type ScenarioResult, type TargetCheck } from '../report.js';
import { Samples, summarize } from '../stats.js';

/** Options of {@link requestOverhead}. */
export interface RequestOverheadOptions {
  /**
   * Requests one at a time: `primary` each for the fetch family (bare fetch, its floor, withAuth,
   * OAuth2Fetch), `others` for the other clients' families, in `rounds` rounds. Within a family
   * the contenders alternate request by request, so that each is compared with its floor on the
   * same machine at the same moment.
   */
  sequential: { primary: number; others: number; rounds: number };
  /**
   * CPU time per request under load: `concurrency` requests in flight, in blocks of `block`
   * requests (several times `concurrency`, or the ramp-up dominates), for the floor, the binding
   * and the peer of each client, taking turns block by block, `rounds` blocks each. CPU =
   * `process.cpuUsage()` of this process (the API server is another process).
   */
  cpu: { block: number; rounds: number; concurrency: number };
  /** Unmeasured requests per contender and mode first (JIT, connections, the first token). */
  warmup: number;
}

interface Entry {
  contender: Contender;
  /** Whether it sends a token (and must be let in by the protected endpoint first). */
  authenticates: boolean;
  /** An authwire binding (judged against its floor), not a peer or a reference. */
  authwire: boolean;
  samples: Samples;
  /** The median latency of each sequential round. */
  rounds: number[];
  /** CPU µs per request of each concurrent block (none for the reference rows). */
  cpu: number[];
}

/** One HTTP client: its floor (the same pre-built header, no auth library) and what runs on it. */
interface Family {
  client: string;
  floor: Entry;
  entries: Entry[];
  /** Sequential requests per contender. */
  count: number;
}

async function timed(contender: Contender, url: string, samples: Samples): Promise<void> {
  const started = performance.now();
  const status = await contender.get(url);
  samples.push(performance.now() - started);
  if (status !== 200) throw new Error(`${contender.name}: HTTP ${status}`);
}

async function concurrent(contender: Contender, url: string, count: number, concurrency: number, sinks: Samples) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      await timed(contender, url, sinks);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** `list` rotated by `by`. */
const rotate = <T>(list: T[], by: number): T[] => list.map((_, index) => list[(index + by) % list.length] as T);

/**
 * Request overhead: GETs to the plain loopback server through each client, sequential and
 * concurrent, each binding beside its client sending the same pre-built header (its floor).
 */
export async function requestOverhead(env: BenchEnv, options: RequestOverheadOptions): Promise<ScenarioResult> {
  const { concurrency, block } = options.cpu;
  const url = env.api.dataUrl;
  // The floors send authwire's own header: a real Masters India JWT from the emulator, same length.
  const header = await authwireProvider(env).getAuthorizationHeader();
  const entry = (contender: Contender, authenticates: boolean, authwire = false): Entry => ({
    contender,
    authenticates,
    authwire,
    samples: new Samples(options.sequential.primary),
    rounds: [],
    cpu: [],
  });
  const family = (client: string, primary: boolean, floor: Entry, entries: Entry[]): Family => ({
    client,
    floor,
    entries: [floor, ...entries],
    count: primary ? options.sequential.primary : options.sequential.others,
  });
  const families = [
    family('fetch', true, entry(fetchWithHeader(header), false), [
      entry(bareFetch(), false),
      entry(authwireFetch(env), true, true),
      entry(oauth2FetchContender(env), true),
    ]),
    family('ky', false, entry(kyWithHeader(header), false), [
      entry(bareKy(), false),
      entry(authwireKy(env), true, true),
      entry(kyRefreshHook(env), true),
    ]),
    family('axios', false, entry(axiosWithHeader(header), false), [
      entry(bareAxios(), false),
      entry(authwireAxios(env), true, true),
      entry(axiosAuthRefresh(env), true),
    ]),
    family('openapi-fetch', false, entry(openapiFetchWithHeader(env, header), false), [
      entry(authwireOpenapiFetch(env), true, true),
      entry(openapiFetchMiddleware(env), true),
    ]),
  ];
  const entries = families.flatMap((f) => f.entries);
  for (const { contender, authenticates } of entries) {
    if (authenticates) {
      const status = await contender.get(env.api.protectedUrl);
      if (status !== 200) throw new Error(`${contender.name}: the protected endpoint answered ${status}`);
    }
    const scratch = new Samples(options.warmup);
    for (let i = 0; i < options.warmup; i += 1) await timed(contender, url, scratch);
    await concurrent(contender, url, options.warmup, concurrency, new Samples(options.warmup));
  }
  const keep = (target: Entry, local: Samples) => {
    target.rounds.push(local.summary().p50);
    target.samples.pushAll(local);
  };

  const { rounds } = options.sequential;
  for (let round = 0; round < rounds; round += 1) {
    for (const f of rotate(families, round)) {
      // The family's contenders alternate request by request (rotating who goes first): every
      // contender and its floor see the same machine at the same moment.
      const count = Math.ceil(f.count / rounds);
      const locals = f.entries.map((target) => ({ target, local: new Samples(count) }));
      for (let i = 0; i < count; i += 1) {
        for (const { target, local } of rotate(locals, i)) await timed(target.contender, url, local);
      }
      for (const { target, local } of locals) keep(target, local);
    }
  }
  // CPU under load: the floor, the binding and the peer of each client (not the reference rows).
  const measuredCpu = (f: Family) => f.entries.filter((target) => target === f.floor || target.authenticates);
  for (let round = 0; round < options.cpu.rounds; round += 1) {
    for (const f of rotate(families, round)) {
      for (const target of rotate(measuredCpu(f), round)) {
        const before = process.cpuUsage();
        await concurrent(target.contender, url, block, concurrency, new Samples(block));
        const spent = process.cpuUsage(before);
        target.cpu.push((spent.user + spent.system) / block);
      }
    }
  }

  type Series = 'rounds' | 'cpu';
  /** The contender's per-round figures divided by its floor's of the same round. */
  const roundRatios = (f: Family, target: Entry, series: Series) =>
    target[series].map((value, index) => value / (f.floor[series][index] ?? Number.NaN));
  const ratio = (f: Family, target: Entry, series: Series) => summarize(roundRatios(f, target, series)).p50;
  const spread = (f: Family, target: Entry, series: Series) => {
    const ratios = roundRatios(f, target, series);
    return `${formatRatio(Math.min(...ratios))} – ${formatRatio(Math.max(...ratios))}`;
  };
  const rows = families.flatMap((f) =>
    f.entries.map((target) => {
      const seq = target.samples.summary();
      const floor = target === f.floor;
      const cpu = target.cpu.length > 0;
      return [
        target.contender.name,
        formatCount(seq.n),
        formatMs(seq.p50),
        formatMs(seq.p99),
        floor ? '1 (floor)' : formatRatio(ratio(f, target, 'rounds')),
        floor ? '' : spread(f, target, 'rounds'),
        cpu ? `${summarize(target.cpu).p50.toFixed(1)} µs` : '—',
        floor ? '1 (floor)' : cpu ? formatRatio(ratio(f, target, 'cpu')) : '—',
        floor || !cpu ? '' : spread(f, target, 'cpu'),
      ];
    }),
  );

  const targets: TargetCheck[] = [];
  const limits: Record<string, number | undefined> = { fetch: 1.01, ky: 1.02, axios: 1.02 };
  for (const f of families) {
    const binding = f.entries.find((target) => target.authwire);
    if (binding === undefined) continue;
    const measured = ratio(f, binding, 'rounds');
    const limit = limits[f.client];
    targets.push({
      target: `${binding.contender.name} ≤ ${formatRatio(limit ?? 1.02)} its floor, median sequential, loopback${limit === undefined ? " (no DESIGN target: held to the other bindings' bound)" : ''}`,
      floor: `${f.floor.contender.name.replace(' (floor)', '')}: ${formatMs(f.floor.samples.summary().p50)}`,
      measured: `${formatRatio(measured)} (rounds ${spread(f, binding, 'rounds')})`,
      ...ratioVerdict(measured, limit ?? 1.02, Math.min(...roundRatios(f, binding, 'rounds'))),
    });
  }
  for (const f of families) {
    const binding = f.entries.find((target) => target.authwire);
    if (binding === undefined) continue;
    const measured = ratio(f, binding, 'cpu');
    const limit = limits[f.client] ?? 1.02;
    targets.push({
      target: `${binding.contender.name}: CPU per request at ${concurrency} concurrent ≤ ${formatRatio(limit)} its floor (replaces the concurrent latency ratio; held to the sequential bound)`,
      floor: `${f.floor.contender.name.replace(' (floor)', '')}: ${summarize(f.floor.cpu).p50.toFixed(1)} µs CPU/request`,
      measured: `${formatRatio(measured)} (blocks ${spread(f, binding, 'cpu')}; ${summarize(binding.cpu).p50.toFixed(1)} µs)`,
      ...ratioVerdict(measured, limit, Math.min(...roundRatios(f, binding, 'cpu'))),
    });
  }

  const losses: string[] = [];
  for (const mode of ['rounds', 'cpu'] as const) {
    for (const f of families) {
      const ours = f.entries.find((target) => target.authwire);
      const peer = f.entries.find((target) => target.authenticates && !target.authwire);
      if (ours === undefined || peer === undefined) continue;
      const [a, b] = [ratio(f, ours, mode), ratio(f, peer, mode)];
      // Lost only clearly: 3 % worse on the medians, and worse than the peer in 4 rounds out of 5.
      const worseRounds = ours[mode].filter((value, index) => value > (peer[mode][index] ?? Number.POSITIVE_INFINITY));
      if (a > b * 1.03 && worseRounds.length >= 0.8 * ours[mode].length) {
        losses.push(
          `Request overhead (${mode === 'rounds' ? 'sequential latency' : `CPU per request at ${concurrency} concurrent`}, ${f.client}): ${ours.contender.name} at ${formatRatio(a)} of its floor against ${peer.contender.name} at ${formatRatio(b)} (worse in ${worseRounds.length} of ${ours[mode].length} ${mode === 'rounds' ? 'rounds' : 'blocks'}).`,
        );
      }
    }
  }
  return {
    tables: [
      {
        title: '2. Request overhead: GET to a plain `node:http` loopback server',
        note: [
          'A JSON GET (`{"ok":true}`) to a `node:http` server in a child process; each contender that sends a token got a 200 from the protected endpoint first (real tokens from real token endpoints).',
          "Contenders are grouped by HTTP client. Each group's floor is that client sending authwire's own header, pre-built (a real Masters India JWT from the emulator: the same length), with no auth library; a binding's cost is its time over that floor, which already pays for the header.",
          `Sequential: ${formatCount(options.sequential.primary)} requests per contender for fetch, ${formatCount(options.sequential.others)} for the other clients, in ${rounds} rounds; within a group the contenders alternate request by request (rotating who goes first). vs floor = the median over rounds of (contender's round median ÷ floor's round median), with the range of those per-round ratios: the spread is the noise of the comparison.`,
          `CPU at ${concurrency} concurrent (replaces the concurrent latency ratio, which swung 0.55–1.8× from block to block on this machine): the floor, the binding and the peer of each client run ${options.cpu.rounds} blocks of ${formatCount(block)} requests each, taking turns block by block (rotating order); CPU = \`process.cpuUsage()\` (user + system) of the client process over the block ÷ ${formatCount(block)} (the API server is another process); vs floor = the median over blocks of (block's CPU per request ÷ the floor's block of the same round), with the range. After ${formatCount(options.warmup)} warm-up requests each.`,
        ].join(' '),
        columns: [
          'contender',
          'seq n',
          'seq median',
          'seq p99',
          'seq vs floor',
          'per-round range',
          `CPU / request (${concurrency} conc.)`,
          'CPU vs floor',
          'per-block range',
        ],
        rows,
      },
    ],
    targets,
    losses,
  };
}
