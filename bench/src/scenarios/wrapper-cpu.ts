import { authAxios } from '@authwire/axios';
import { authHooks, authMiddleware, withAuth } from '@authwire/core';
import axios from 'axios';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { authwireProvider, type BenchEnv } from '../contenders/index.js';
import { instantTransport } from '../contenders/instant-transport.js';
import type { ApiPaths } from '../contenders/openapi-get.js';
import { formatCount, formatRatio, ratioVerdict, type ScenarioResult, type TargetCheck } from '../report.js';
import { summarize } from '../stats.js';

/** Options of {@link wrapperCpu}. */
export interface WrapperCpuOptions {
  /** Rounds; each yields one median per binding (the spread over rounds is the noise). */
  rounds: number;
  /** Pairs of batches per binding and round: a binding batch and a floor batch, back to back. */
  batches: number;
  /** Sequential requests per batch (one `process.cpuUsage()` reading per batch). */
  batch: number;
}

/** A binding and its floor: the same client, the same instant transport, the pre-built header. */
interface Pair {
  client: string;
  binding: string;
  run: () => Promise<unknown>;
  floor: () => Promise<unknown>;
}

/** CPU time (user + system) of this process for `count` sequential calls, in µs. */
async function cpuOf(call: () => Promise<unknown>, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i += 1) await call();
  const spent = process.cpuUsage(before);
  return spent.user + spent.system;
}

/**
 * Wrapper CPU: each binding around a transport that answers at once, against the same client with
 * the pre-built header through the same transport; what remains is the binding's own CPU per request.
 */
export async function wrapperCpu(env: BenchEnv, options: WrapperCpuOptions): Promise<ScenarioResult> {
  const provider = authwireProvider(env);
  const header = await provider.getAuthorizationHeader();
  const origin = env.api.origin;
  const url = env.api.dataUrl;
  const transport = instantTransport();
  const headers = { authorization: header };
  const origins = [origin];

  const authFetch = withAuth(provider, { fetch: transport.fetch, origins });
  const kyBinding = ky.create({ fetch: transport.fetch, hooks: authHooks(provider, { origins }) });
  const kyFloor = ky.create({ fetch: transport.fetch, headers });
  const axiosBinding = axios.create({ adapter: transport.adapter });
  authAxios(axiosBinding, provider, { origins });
  const axiosFloor = axios.create({ adapter: transport.adapter, headers: { Authorization: header } });
  const openapiBinding = createClient<ApiPaths>({ baseUrl: origin, fetch: transport.fetch });
  openapiBinding.use(authMiddleware(provider, { origins }));
  const openapiFloor = createClient<ApiPaths>({ baseUrl: origin, fetch: transport.fetch });
  const pairs: Pair[] = [
    {
      client: 'fetch',
      binding: 'withAuth',
      run: async () => (await authFetch(url)).json(),
      floor: async () => (await transport.fetch(url, { headers })).json(),
    },
    {
      client: 'ky',
      binding: 'authHooks',
      run: () => kyBinding.get(url).json(),
      floor: () => kyFloor.get(url).json(),
    },
    { client: 'axios', binding: 'authAxios', run: () => axiosBinding.get(url), floor: () => axiosFloor.get(url) },
    {
      client: 'openapi-fetch',
      binding: 'authMiddleware',
      run: () => openapiBinding.GET('/data'),
      floor: () => openapiFloor.GET('/data', { headers }),
    },
  ];

  // Both sides of every pair send the same header (checked once), then warm up.
  for (const pair of pairs) {
    transport.recording = true;
    transport.authorization.length = 0;
    await pair.run();
    await pair.floor();
    transport.recording = false;
    if (transport.authorization.some((value) => value !== header)) {
      throw new Error(
        `${pair.client}: the binding or its floor did not send the header (${transport.authorization.join(', ')})`,
      );
    }
    await cpuOf(pair.run, options.batch * options.batches);
    await cpuOf(pair.floor, options.batch * options.batches);
  }

  const perRound = options.batch * options.batches;
  // Per binding: every pair of batches (µs per request of each side), and each round's medians.
  const series = pairs.map(() => ({
    binding: [] as number[],
    floor: [] as number[],
    roundDiffs: [] as number[],
    roundRatios: [] as number[],
  }));
  for (let round = 0; round < options.rounds; round += 1) {
    for (const [index, pair] of pairs.entries()) {
      const own = series[index];
      if (own === undefined) continue;
      const diffs: number[] = [];
      const ratios: number[] = [];
      for (let b = 0; b < options.batches; b += 1) {
        let binding: number;
        let floor: number;
        if ((b + round) % 2 === 0) {
          binding = await cpuOf(pair.run, options.batch);
          floor = await cpuOf(pair.floor, options.batch);
        } else {
          floor = await cpuOf(pair.floor, options.batch);
          binding = await cpuOf(pair.run, options.batch);
        }
        own.binding.push(binding / options.batch);
        own.floor.push(floor / options.batch);
        diffs.push((binding - floor) / options.batch);
        ratios.push(binding / floor);
      }
      own.roundDiffs.push(summarize(diffs).p50);
      own.roundRatios.push(summarize(ratios).p50);
    }
  }

  const targets: TargetCheck[] = [];
  const rows = pairs.map((pair, index) => {
    const { binding, floor, roundDiffs, roundRatios } = series[index] ?? {
      binding: [],
      floor: [],
      roundDiffs: [],
      roundRatios: [],
    };
    // Every pair of batches' difference, median over all of them; the range is over rounds' medians.
    const diff = summarize(binding.map((value, i) => value - (floor[i] ?? Number.NaN))).p50;
    const ratio = summarize(binding.map((value, i) => value / (floor[i] ?? Number.NaN))).p50;
    const ratios = roundRatios;
    const range = `${Math.min(...roundDiffs).toFixed(2)} – ${Math.max(...roundDiffs).toFixed(2)} µs`;
    const noise = Math.min(...roundDiffs) <= 1 ? " (within the rounds' noise)" : '';
    const verdict = ratioVerdict(diff, 1);
    targets.push({
      target: `wrapper CPU of ${pair.binding} (${pair.client}) ≤ 1 µs per request`,
      floor: `${pair.client} + pre-built header, instant transport: ${summarize(floor).p50.toFixed(2)} µs/request`,
      measured: `${diff >= 0 ? '+' : ''}${diff.toFixed(2)} µs (${formatRatio(ratio)}; rounds ${range})`,
      met: verdict.met,
      ...(!verdict.met && { miss: `not met by ${(diff - 1).toFixed(2)} µs${noise}` }),
    });
    return [
      `${pair.client}: ${pair.binding}`,
      `${summarize(floor).p50.toFixed(2)} µs`,
      `${summarize(binding).p50.toFixed(2)} µs`,
      `${diff >= 0 ? '+' : ''}${diff.toFixed(2)} µs`,
      range,
      formatRatio(ratio),
      `${formatRatio(Math.min(...ratios))} – ${formatRatio(Math.max(...ratios))}`,
    ];
  });
  return {
    tables: [
      {
        title: '2c. Wrapper CPU: each binding around a transport that answers at once',
        note: `The transport answers every request in process with a ready \`{"ok":true}\` 200 (fetch, ky and openapi-fetch: their \`fetch\` option; axios: a custom \`adapter\`), so the client's and the binding's own CPU is all a request costs. Floor: the same client with authwire's header pre-built, through the same transport (both sides checked to send the same header). CPU = \`process.cpuUsage()\` (user + system) of this process. ${options.rounds} rounds of ${options.batches} pairs of batches (${formatCount(options.batch)} sequential requests per batch, ${formatCount(perRound)} per side and round), binding and floor back to back (who goes first alternates). CPU per request = each batch's CPU ÷ ${formatCount(options.batch)}; wrapper CPU and ratio = the median over every pair of batches (binding − floor, binding ÷ floor), the ranges are those of the rounds' medians: the noise of the comparison. A single pair can see a garbage collection that the other side's allocations caused, hence medians.`,
        columns: [
          'binding',
          'floor CPU / request',
          'binding CPU / request',
          'wrapper CPU',
          'range of round medians',
          'ratio',
          'ratio range',
        ],
        rows,
      },
    ],
    targets,
    losses: [],
  };
}
