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
import { formatCount, formatMs, formatRatio, type ScenarioResult, type TargetCheck } from '../report.js';
import { Samples, type Summary, summarize } from '../stats.js';

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
   * `concurrency` requests in flight, in blocks of `block` requests (the same for everyone: a
   * block should hold several times `concurrency`, or its ramp-up dominates), contenders
   * taking turns block by block.
   */
  concurrent: { primary: number; others: number; block: number; concurrency: number };
  /** Unmeasured requests per contender and mode first (JIT, connections, the first token). */
  warmup: number;
}

type Mode = 'sequential' | 'concurrent';

interface Entry {
  contender: Contender;
  /** Whether it sends a token (and must be let in by the protected endpoint first). */
  authenticates: boolean;
  /** An authwire binding (judged against its floor), not a peer or a reference. */
  authwire: boolean;
  samples: Record<Mode, Samples>;
  /** The median of each round (sequential) or block (concurrent). */
  rounds: Record<Mode, number[]>;
  /** Time spent in the concurrent runs, for the throughput. */
  concurrentMs: number;
}

/** One HTTP client: its floor (the same pre-built header, no auth library) and what runs on it. */
interface Family {
  client: string;
  floor: Entry;
  entries: Entry[];
  /** Requests per contender, sequential and concurrent. */
  count: Record<Mode, number>;
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
  const { concurrency, block } = options.concurrent;
  const url = env.api.dataUrl;
  // The floors send authwire's own header: a real Masters India JWT from the emulator, same length.
  const header = await authwireProvider(env).getAuthorizationHeader();
  const entry = (contender: Contender, authenticates: boolean, authwire = false): Entry => ({
    contender,
    authenticates,
    authwire,
    samples: {
      sequential: new Samples(options.sequential.primary),
      concurrent: new Samples(options.concurrent.primary),
    },
    rounds: { sequential: [], concurrent: [] },
    concurrentMs: 0,
  });
  const family = (client: string, primary: boolean, floor: Entry, entries: Entry[]): Family => ({
    client,
    floor,
    entries: [floor, ...entries],
    count: {
      sequential: primary ? options.sequential.primary : options.sequential.others,
      concurrent: primary ? options.concurrent.primary : options.concurrent.others,
    },
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
  const keep = (target: Entry, mode: Mode, local: Samples) => {
    target.rounds[mode].push(local.summary().p50);
    target.samples[mode].pushAll(local);
  };

  const { rounds } = options.sequential;
  for (let round = 0; round < rounds; round += 1) {
    for (const f of rotate(families, round)) {
      // The family's contenders alternate request by request (rotating who goes first): every
      // contender and its floor see the same machine at the same moment.
      const count = Math.ceil(f.count.sequential / rounds);
      const locals = f.entries.map((target) => ({ target, local: new Samples(count) }));
      for (let i = 0; i < count; i += 1) {
        for (const { target, local } of rotate(locals, i)) await timed(target.contender, url, local);
      }
      for (const { target, local } of locals) keep(target, 'sequential', local);
    }
  }
  const blocks = Math.ceil(Math.max(options.concurrent.primary, options.concurrent.others) / block);
  for (let round = 0; round < blocks; round += 1) {
    for (const f of rotate(families, round)) {
      if (round * block >= f.count.concurrent) continue;
      for (const target of rotate(f.entries, round)) {
        const local = new Samples(block);
        const started = performance.now();
        await concurrent(target.contender, url, block, concurrency, local);
        target.concurrentMs += performance.now() - started;
        keep(target, 'concurrent', local);
      }
    }
  }

  const summary = (target: Entry, mode: Mode): Summary => target.samples[mode].summary();
  /** The contender's per-round (per-block) medians divided by its floor's of the same round. */
  const roundRatios = (f: Family, target: Entry, mode: Mode) =>
    target.rounds[mode].map((value, index) => value / (f.floor.rounds[mode][index] ?? Number.NaN));
  const ratio = (f: Family, target: Entry, mode: Mode) => summarize(roundRatios(f, target, mode)).p50;
  const spread = (f: Family, target: Entry, mode: Mode) => {
    const ratios = roundRatios(f, target, mode);
    return `${formatRatio(Math.min(...ratios))} – ${formatRatio(Math.max(...ratios))}`;
  };
  const rows = families.flatMap((f) =>
    f.entries.map((target) => {
      const seq = summary(target, 'sequential');
      const conc = summary(target, 'concurrent');
      return [
        target.contender.name,
        formatCount(seq.n),
        formatMs(seq.p50),
        formatMs(seq.p99),
        target === f.floor ? '1 (floor)' : formatRatio(ratio(f, target, 'sequential')),
        target === f.floor ? '' : spread(f, target, 'sequential'),
        formatCount(conc.n),
        formatMs(conc.p50),
        target === f.floor ? '1 (floor)' : formatRatio(ratio(f, target, 'concurrent')),
        formatCount(conc.n / (target.concurrentMs / 1000)),
      ];
    }),
  );

  const targets: TargetCheck[] = [];
  const limits: Record<string, number | undefined> = { fetch: 1.01, ky: 1.02, axios: 1.02 };
  for (const f of families) {
    const binding = f.entries.find((target) => target.authwire);
    if (binding === undefined) continue;
    const measured = ratio(f, binding, 'sequential');
    const limit = limits[f.client];
    targets.push({
      target: `${binding.contender.name} ÷ ${f.client} with the same pre-built header, median sequential${limit === undefined ? " ≤ 1.02× (no DESIGN target: held to the other bindings' bound)" : ` ≤ ${formatRatio(limit)}`}`,
      measured: `${formatRatio(measured)} (rounds ${spread(f, binding, 'sequential')})`,
      met: limit === undefined ? measured <= 1.02 : measured <= limit,
    });
  }

  const losses: string[] = [];
  for (const mode of ['sequential', 'concurrent'] as const) {
    for (const f of families) {
      const ours = f.entries.find((target) => target.authwire);
      const peer = f.entries.find((target) => target.authenticates && !target.authwire);
      if (ours === undefined || peer === undefined) continue;
      const [a, b] = [ratio(f, ours, mode), ratio(f, peer, mode)];
      if (a > b * 1.03) {
        losses.push(
          `Request overhead (${mode}, ${f.client}): ${ours.contender.name} at ${formatRatio(a)} of its floor against ${peer.contender.name} at ${formatRatio(b)}.`,
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
          `${concurrency}-concurrent: ${formatCount(options.concurrent.primary)} / ${formatCount(options.concurrent.others)} requests, in blocks of ${formatCount(block)}, contenders taking turns block by block; the ratio is over blocks the same way. Latency ratios at this concurrency swing widely from block to block on this shared 2-core machine: read the sequential column for overhead. After ${formatCount(options.warmup)} warm-up requests each.`,
        ].join(' '),
        columns: [
          'contender',
          'seq n',
          'seq median',
          'seq p99',
          'seq vs floor',
          'per-round range',
          'conc n',
          'conc median',
          'conc vs floor',
          'conc req/s',
        ],
        rows,
      },
    ],
    targets,
    losses,
  };
}
