import { fork } from 'node:child_process';
import { entryUrl } from '../build/entry-url.js';
import type { CostGrowthResult, CostGrowthTask } from '../cost-growth/protocol.js';
import { formatCount, type ScenarioResult, type Table, type TargetCheck } from '../report.js';

/** Options of {@link costGrowth}. */
export interface CostGrowthOptions {
  /** Callers sharing one signal while one renewal runs: the first is the DESIGN target's N. */
  sharedSignalCallers: [number, number];
  /** Live accounts for the heap per account: with the Masters India adapter (PBKDF2 per account), without secrets. */
  liveAccounts: { mastersIndia: number; noSecrets: number };
  /** Accounts that come and go (DESIGN: 100,000). */
  comeAndGo: { noSecrets: number; mastersIndia: number };
  /** Time budget of the account-creating part of each heap run (it stops early and says how many it reached). */
  budgetMs: { mastersIndia: number; liveNoSecrets: number; comeAndGoNoSecrets: number };
  /** Accounts in flight at once while they are created. */
  concurrency: number;
}

/** Runs one task in a child process on the built dist, with `--expose-gc`. */
function inChild<S extends CostGrowthTask['scenario']>(
  task: CostGrowthTask & { scenario: S },
): Promise<CostGrowthResult & { scenario: S }> {
  return new Promise((resolve, reject) => {
    const child = fork(entryUrl('cost-growth-child'), {
      execArgv: ['--expose-gc'],
      env: { ...process.env, BENCH_COST_GROWTH: JSON.stringify(task) },
      stdio: 'inherit',
    });
    child.once('message', (result) => resolve(result as CostGrowthResult & { scenario: S }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the cost-growth child (${task.scenario}) exited with ${code}`)));
  });
}

const KIB = 1024;
const bytes = (value: number) => `${formatCount(value)} B`;
const kib = (value: number) => `${(value / KIB).toFixed(2)} KiB`;
const over = (measured: number, limit: number) => `not met by ${(((measured - limit) / limit) * 100).toFixed(0)} %`;

/**
 * Cost grows with work, not with waiters or history (DESIGN invariant 12): N callers sharing one
 * `AbortSignal` while one renewal runs; heap per live cached account; accounts that come and go.
 * Each measurement runs in its own child process (`node --expose-gc`, the built dist), against a
 * loopback token server in that process.
 */
export async function costGrowth(options: CostGrowthOptions): Promise<ScenarioResult> {
  const { concurrency } = options;
  const signal = await inChild({ scenario: 'shared-signal', callers: [...options.sharedSignalCallers] });
  const liveMastersIndia = await inChild({
    scenario: 'live-accounts',
    kind: 'masters-india',
    accounts: options.liveAccounts.mastersIndia,
    concurrency,
    budgetMs: options.budgetMs.mastersIndia,
  });
  const liveNoSecrets = await inChild({
    scenario: 'live-accounts',
    kind: 'no-secrets',
    accounts: options.liveAccounts.noSecrets,
    concurrency,
    budgetMs: options.budgetMs.liveNoSecrets,
  });
  const goneNoSecrets = await inChild({
    scenario: 'come-and-go',
    kind: 'no-secrets',
    accounts: options.comeAndGo.noSecrets,
    concurrency,
    budgetMs: options.budgetMs.comeAndGoNoSecrets,
  });
  const goneMastersIndia = await inChild({
    scenario: 'come-and-go',
    kind: 'masters-india',
    accounts: options.comeAndGo.mastersIndia,
    concurrency,
    budgetMs: options.budgetMs.mastersIndia,
  });

  const [small, large] = signal.runs;
  // The marginal cost of a caller: the run's time minus a one-caller run's (the login's answer and
  // the renewal's own work, which do not grow with callers), ÷ the other callers.
  const perCaller = (run: typeof small) =>
    run === undefined ? Number.NaN : ((run.wallMs - run.baselineMs) * 1000) / (run.callers - 1);
  const growth = perCaller(large) / perCaller(small);
  const signalTable: Table = {
    title: '6. Cost grows with work: callers sharing one `AbortSignal` while one renewal runs',
    note: `One Masters India account per run whose token was rejected (\`invalidate\`), so that every caller waits for its renewal; the loopback token server holds the login until all N \`getToken({ signal })\` calls are made, all with the same signal. Time = issuing the N calls + settling them once the login answered (the held login itself excluded); per caller = (that time − the same for a single caller, run just before: the login's answer and the renewal's own work) ÷ (N − 1). Per caller at ${formatCount(options.sharedSignalCallers[1])} ÷ per caller at ${formatCount(options.sharedSignalCallers[0])}: ${Number.isFinite(growth) ? `${growth.toFixed(2)}×` : '—'} (1× = linear, ${(options.sharedSignalCallers[1] / options.sharedSignalCallers[0]).toFixed(0)}× = quadratic). \`MaxListenersExceededWarning\`s seen in the process: ${signal.maxListenersWarnings}. A child process (\`node --expose-gc\`, @authwire/core from ${signal.resolved}). Wall times: not comparable across runs.`,
    columns: ['callers', 'total', 'one caller', 'per caller', 'logins', 'failed callers'],
    rows: signal.runs.map((run) => [
      formatCount(run.callers),
      `${run.wallMs.toFixed(1)} ms`,
      `${run.baselineMs.toFixed(1)} ms`,
      `${perCaller(run).toFixed(2)} µs`,
      formatCount(run.logins),
      formatCount(run.failed),
    ]),
  };
  const perAccount = (result: typeof liveMastersIndia) => (result.heapAfter - result.heapBefore) / result.accounts;
  const heapTable: Table = {
    title: '6b. Heap per live cached account, and accounts that come and go',
    note: `Each row is its own child process (\`node --expose-gc\`, the built dist), its client's connection pool warmed to ${concurrency} connections before the baseline. Live: N providers of N accounts (default options: the process-wide memory store), each holding its fresh token, heap used after full GCs minus before, ÷ N. Come and go: each account's provider is created, gets a token (lifetime 1 s) and is dropped, ${concurrency} at a time, up to the stated number or a time budget (${(options.budgetMs.comeAndGoNoSecrets / 1000).toFixed(0)} s without secrets, ${(options.budgetMs.mastersIndia / 1000).toFixed(0)} s for Masters India; the live rows stop at ${(options.budgetMs.liveNoSecrets / 1000).toFixed(0)} s and ${(options.budgetMs.mastersIndia / 1000).toFixed(0)} s too); then every token expires (1.5 s) and the heap after full GCs is compared with the heap before the first account. "masters-india" is the real adapter: each account's first renewal hashes its password (PBKDF2, 100,000 rounds, invariant 9: tens of ms of CPU per account), which bounds how many fit in a bench; "no secrets" is a hand-built adapter (\`createTokenProvider\`, same HTTP login, no declared secrets): the engine's own cost per account at the DESIGN's scale.`,
    columns: ['scenario', 'accounts', 'heap before', 'heap after', 'delta', 'per account', 'logins'],
    rows: [
      ...[liveMastersIndia, liveNoSecrets].map((result) => [
        `live, ${result.kind}`,
        formatCount(result.accounts),
        kib(result.heapBefore),
        kib(result.heapAfter),
        kib(result.heapAfter - result.heapBefore),
        bytes(perAccount(result)),
        formatCount(result.logins),
      ]),
      ...[goneNoSecrets, goneMastersIndia].map((result) => [
        `come and go, ${result.kind} (${(result.elapsedMs / 1000).toFixed(1)} s; before expiry: ${kib(result.heapBeforeExpiry - result.heapBefore)} held)`,
        formatCount(result.accounts),
        kib(result.heapBefore),
        kib(result.heapAfter),
        kib(result.heapAfter - result.heapBefore),
        bytes((result.heapAfter - result.heapBefore) / result.accounts),
        formatCount(result.logins),
      ]),
    ],
  };

  const targets: TargetCheck[] = [];
  const smallPerCaller = perCaller(small);
  const signalOk = signal.runs.every((run) => run.logins === 1 && run.failed === 0);
  targets.push({
    target: `${formatCount(options.sharedSignalCallers[0])} callers waiting on one renewal with one shared \`AbortSignal\`: ≤ 5 µs per caller, no \`MaxListenersExceededWarning\``,
    floor: '5 µs per caller; growth 1× (linear)',
    measured: `${smallPerCaller.toFixed(2)} µs per caller; ×${formatCount(options.sharedSignalCallers[1])}: ${perCaller(large).toFixed(2)} µs (growth ${growth.toFixed(2)}×); ${signal.maxListenersWarnings} warning(s); ${signalOk ? '1 login, 0 failed per run' : 'logins/failures: see table 6'}`,
    met: smallPerCaller <= 5 && signal.maxListenersWarnings === 0 && signalOk,
    ...(smallPerCaller > 5 && { miss: over(smallPerCaller, 5) }),
  });
  const heapPerAccount = perAccount(liveMastersIndia);
  targets.push({
    target: '≤ 3 KB of heap per live cached account (Masters India, default store)',
    floor: '3,072 B',
    measured: `${bytes(heapPerAccount)} (${formatCount(liveMastersIndia.accounts)} accounts; without secrets: ${bytes(perAccount(liveNoSecrets))} over ${formatCount(liveNoSecrets.accounts)})`,
    met: heapPerAccount <= 3 * KIB,
    ...(heapPerAccount > 3 * KIB && { miss: over(heapPerAccount, 3 * KIB) }),
  });
  const delta = goneNoSecrets.heapAfter - goneNoSecrets.heapBefore;
  // "Where it started": within 256 KiB (GC noise of a settled heap; 2.6 B per account at 100,000).
  const fullScale = goneNoSecrets.accounts >= options.comeAndGo.noSecrets;
  const back = delta <= 256 * KIB;
  targets.push({
    target: `${formatCount(options.comeAndGo.noSecrets)} accounts that come and go leave the heap where it started`,
    floor: 'heap delta ≤ 256 KiB (GC noise)',
    measured: `${kib(delta)} after ${formatCount(goneNoSecrets.accounts)} accounts without secrets (${bytes(delta / goneNoSecrets.accounts)} each); Masters India: ${kib(goneMastersIndia.heapAfter - goneMastersIndia.heapBefore)} after ${formatCount(goneMastersIndia.accounts)}`,
    met: back && fullScale,
    ...(!back && { miss: `not met by ${kib(delta - 256 * KIB)}` }),
    ...(back && !fullScale && { miss: `only ${formatCount(goneNoSecrets.accounts)} accounts within the time budget` }),
  });
  return { tables: [signalTable, heapTable], targets, losses: [] };
}
