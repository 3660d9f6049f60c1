// `pnpm bench`: every scenario of bench/README.md in one run, on the built packages; tables to
// stdout and to bench/results.md. Runs bundled (bench/dist/main.js, plain node): see
// build/build-bench.ts. `BENCH_ONLY=hot-path,cost-growth` runs only the named scenarios (and
// then writes no results.md).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@authwire/testing';
import { resolvedCore } from './build/resolved-core.js';
import type { BenchEnv } from './contenders/index.js';
import { describeLoad, describeMachine } from './machine.js';
import { renderTable, renderTargets, type ScenarioResult } from './report.js';
import { costGrowth } from './scenarios/cost-growth.js';
import { hotPath } from './scenarios/hot-path.js';
import { renewalLatency } from './scenarios/renewal-latency.js';
import { requestOverhead } from './scenarios/request-overhead.js';
import { size } from './scenarios/size.js';
import { storm } from './scenarios/storm.js';
import { processStorm } from './scenarios/storm-processes.js';
import { wrapperCpu } from './scenarios/wrapper-cpu.js';
import { startApiServer } from './servers/start-api-server.js';

const RESULTS = fileURLToPath(new URL('../results.md', import.meta.url));

type Step = [name: string, run: (env: BenchEnv) => Promise<ScenarioResult>];

/** The scenarios, in the order they run (the ones needing the servers first). */
const SERVED: Step[] = [
  ['hot-path', (env) => hotPath(env, { rounds: 15, timeMs: 200 })],
  [
    'request-overhead',
    (env) =>
      requestOverhead(env, {
        sequential: { primary: 20_000, others: 2_000, rounds: 20 },
        cpu: { block: 1_000, rounds: 5, concurrency: 200 },
        warmup: 300,
      }),
  ],
  ['wrapper-cpu', (env) => wrapperCpu(env, { rounds: 10, batches: 10, batch: 100 })],
  ['storm', (env) => storm(env, { callers: 10_000, kyDocsCallers: 1_000 })],
  ['storm-processes', (env) => processStorm(env, { processes: 8, callers: 10_000 })],
];
const STANDALONE: [string, () => Promise<ScenarioResult>][] = [
  ['renewal-latency', () => renewalLatency({ rounds: 20, refreshDelayMs: 50, expiredCallers: 100 })],
  [
    'cost-growth',
    () =>
      costGrowth({
        sharedSignalCallers: [10_000, 30_000],
        liveAccounts: { mastersIndia: 200, noSecrets: 10_000 },
        comeAndGo: { noSecrets: 100_000, mastersIndia: 100_000 },
        budgetMs: { mastersIndia: 8_000, liveNoSecrets: 10_000, comeAndGoNoSecrets: 35_000 },
        concurrency: 32,
      }),
  ],
  ['size', size],
];

async function main(): Promise<void> {
  const started = performance.now();
  const core = resolvedCore();
  console.log(
    `@authwire/core resolves to ${core} (plain node, no loader: ${process.execArgv.join(' ') || 'no flags'})`,
  );
  const only = process.env.BENCH_ONLY?.split(',').filter((name) => name !== '');
  const selected = (name: string) => only === undefined || only.includes(name);
  const machine = describeMachine(new Date());
  const results: ScenarioResult[] = [];
  const record = (name: string, result: ScenarioResult, since: number) => {
    for (const table of result.tables) console.log(`\n${renderTable(table)}\n`);
    console.log(`(${name}: ${((performance.now() - since) / 1000).toFixed(1)} s)`);
    results.push(result);
  };
  if (SERVED.some(([name]) => selected(name))) {
    const emulator = await startEmulator();
    const api = await startApiServer();
    const env: BenchEnv = { emulator, api };
    try {
      for (const [name, run] of SERVED.filter(([name]) => selected(name))) {
        const since = performance.now();
        record(name, await run(env), since);
      }
    } finally {
      await api.close();
      await emulator.close();
    }
  }
  for (const [name, run] of STANDALONE.filter(([name]) => selected(name))) {
    const since = performance.now();
    record(name, await run(), since);
  }

  const wallS = (performance.now() - started) / 1000;
  const targets = results.flatMap((result) => result.targets);
  const losses = results.flatMap((result) => result.losses);
  console.log(`\n## DESIGN.md targets\n\n${renderTargets(targets)}\n`);
  console.log(`## Where authwire loses\n\n${losses.map((loss) => `- ${loss}`).join('\n') || 'Nowhere in this run.'}\n`);
  if (only !== undefined) {
    console.log(`BENCH_ONLY=${only.join(',')}: results.md left as it was (${wallS.toFixed(0)} s).`);
    return;
  }
  const markdown = [
    '# authwire benchmarks — latest results',
    '',
    'Written by `pnpm bench` (`bench/src/main.ts`); see `bench/README.md` for what each scenario measures and what is comparable across runs.',
    '',
    ...machine,
    `- load average at the end: ${describeLoad()} — other processes share these cores`,
    `- wall time of the run: ${wallS.toFixed(0)} s`,
    `- measured code: the built packages (\`@authwire/core\` → \`${core.replace(/.*[/\\](packages[/\\])/, '$1')}\`), the bench bundled by esbuild and run by plain \`node\` (no loader)`,
    '',
    '## DESIGN.md targets',
    '',
    renderTargets(targets),
    '',
    '## Scenarios',
    '',
    ...results.flatMap((result) => result.tables.map((table) => `${renderTable(table)}\n`)),
    '## Where authwire loses',
    '',
    ...(losses.length > 0 ? losses.map((loss) => `- ${loss}`) : ['Nowhere in this run.']),
    '',
  ].join('\n');
  await writeFile(RESULTS, markdown);
  console.log(`Wrote ${RESULTS} (${wallS.toFixed(0)} s).`);
}

await main();
