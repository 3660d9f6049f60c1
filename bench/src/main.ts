// `pnpm bench`: every scenario of bench/README.md in one run; tables to stdout and to
// bench/results.md.
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@authwire/testing';
import type { BenchEnv } from './contenders/index.js';
import { describeMachine } from './machine.js';
import { renderTable, renderTargets, type ScenarioResult } from './report.js';
import { hotPath } from './scenarios/hot-path.js';
import { renewalLatency } from './scenarios/renewal-latency.js';
import { requestOverhead } from './scenarios/request-overhead.js';
import { size } from './scenarios/size.js';
import { storm } from './scenarios/storm.js';
import { processStorm } from './scenarios/storm-processes.js';
import { startApiServer } from './servers/start-api-server.js';

const RESULTS = fileURLToPath(new URL('../results.md', import.meta.url));

async function main(): Promise<void> {
  const started = performance.now();
  const machine = describeMachine(new Date());
  const results: ScenarioResult[] = [];
  const record = (name: string, result: ScenarioResult, since: number) => {
    for (const table of result.tables) console.log(`\n${renderTable(table)}\n`);
    console.log(`(${name}: ${((performance.now() - since) / 1000).toFixed(1)} s)`);
    results.push(result);
  };
  const emulator = await startEmulator();
  const api = await startApiServer();
  const env: BenchEnv = { emulator, api };
  try {
    let since = performance.now();
    record('hot path', await hotPath(env, { rounds: 5, timeMs: 300 }), since);
    since = performance.now();
    const overhead = await requestOverhead(env, {
      sequential: { primary: 20_000, others: 2_000, rounds: 20 },
      concurrent: { primary: 4_000, others: 2_000, block: 500, concurrency: 200 },
      warmup: 300,
    });
    record('request overhead', overhead, since);
    since = performance.now();
    record('storm', await storm(env, { callers: 10_000, kyDocsCallers: 1_000 }), since);
    since = performance.now();
    record('storm across processes', await processStorm(env, { processes: 8, callers: 10_000 }), since);
  } finally {
    await api.close();
    await emulator.close();
  }
  let since = performance.now();
  record('renewal latency', await renewalLatency({ rounds: 20, refreshDelayMs: 50, expiredCallers: 100 }), since);
  since = performance.now();
  record('size', await size(), since);

  const wallS = (performance.now() - started) / 1000;
  const targets = results.flatMap((result) => result.targets);
  const losses = results.flatMap((result) => result.losses);
  const markdown = [
    '# authwire benchmarks — latest results',
    '',
    'Written by `pnpm bench` (`bench/src/main.ts`); see `bench/README.md` for what each scenario measures.',
    '',
    ...machine,
    `- load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} — other processes share these cores`,
    `- wall time of the run: ${wallS.toFixed(0)} s`,
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
  console.log(`\n## DESIGN.md targets\n\n${renderTargets(targets)}\n`);
  console.log(`## Where authwire loses\n\n${losses.map((loss) => `- ${loss}`).join('\n') || 'Nowhere in this run.'}\n`);
  console.log(`Wrote ${RESULTS} (${wallS.toFixed(0)} s).`);
}

await main();
