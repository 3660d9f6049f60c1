// Entry of one cost-growth child process (DESIGN invariant 12), forked by the bench with
// `--expose-gc` on the built dist: runs the task of `BENCH_COST_GROWTH` and sends the result.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { TokenProvider } from '@authwire/core';
import { resolvedCore } from '../build/resolved-core.js';
import { type AccountKind, accountProvider } from './accounts.js';
import type { CostGrowthResult, CostGrowthTask, SharedSignalRun } from './protocol.js';
import { startTokenServer, type TokenServer } from './token-server.js';

const resolved = resolvedCore(); // refuses to run on the sources
const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error('the cost-growth child needs node --expose-gc');

/** Heap used after full collections (with turns between them, for finalizers). */
async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i += 1) {
    collect?.();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}

/** `count` accounts, `concurrency` at a time, each created and given its first token; stops at `deadline`. */
async function eachAccount(
  count: number,
  concurrency: number,
  deadline: number,
  use: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next;
      next += 1;
      await use(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return next;
}

async function sharedSignal(server: TokenServer, callers: number[]): Promise<CostGrowthResult> {
  let maxListenersWarnings = 0;
  process.on('warning', (warning) => {
    if (warning.name === 'MaxListenersExceededWarning') maxListenersWarnings += 1;
  });
  let account = 1_000_000;
  /** `count` callers with one signal on one renewal: issuing them + settling them after the held login answered. */
  const oneRun = async (count: number) => {
    account += 1;
    const provider = accountProvider('masters-india', server, account);
    // The account's first token (login and credential hash), then rejected: the callers wait for its renewal.
    await provider.invalidate(await provider.getToken());
    const signal = new AbortController().signal;
    const before = server.logins;
    const release = server.hold();
    let failed = 0;
    const calls: Promise<unknown>[] = new Array(count);
    const issued = performance.now();
    for (let i = 0; i < count; i += 1) {
      calls[i] = provider.getToken({ signal }).catch(() => {
        failed += 1;
      });
    }
    const issueMs = performance.now() - issued;
    await server.held();
    const released = performance.now();
    release();
    await Promise.all(calls);
    const settleMs = performance.now() - released;
    return { wallMs: issueMs + settleMs, logins: server.logins - before, failed };
  };
  const runs: SharedSignalRun[] = [];
  // A first, smaller run warms the code paths; it is not reported.
  await oneRun(1000);
  for (const count of callers) {
    const baseline = await oneRun(1);
    const run = await oneRun(count);
    runs.push({ callers: count, ...run, baselineMs: baseline.wallMs });
  }
  return { scenario: 'shared-signal', runs, maxListenersWarnings, resolved };
}

/** `concurrency` accounts at once, kept: code paths and the client's connection pool at working size. */
async function warmUp(server: TokenServer, kind: AccountKind, concurrency: number): Promise<TokenProvider[]> {
  const providers = Array.from({ length: concurrency }, (_, index) => accountProvider(kind, server, -1 - index));
  await Promise.all(providers.map((provider) => provider.getToken()));
  return providers;
}

async function liveAccounts(
  server: TokenServer,
  kind: AccountKind,
  accounts: number,
  concurrency: number,
  budgetMs: number,
): Promise<CostGrowthResult> {
  const warm = await warmUp(server, kind, concurrency);
  const heapBefore = await settledHeap();
  const logins = server.logins;
  const providers: TokenProvider[] = [];
  const done = await eachAccount(accounts, concurrency, performance.now() + budgetMs, async (index) => {
    const provider = accountProvider(kind, server, index);
    await provider.getToken();
    providers.push(provider);
  });
  const heapAfter = await settledHeap();
  // Still referenced here, so that nothing above was collected before the measurement.
  if (providers.length !== done || warm.length !== concurrency) throw new Error('an account is missing');
  return {
    scenario: 'live-accounts',
    kind,
    accounts: done,
    heapBefore,
    heapAfter,
    logins: server.logins - logins,
    resolved,
  };
}

async function comeAndGo(
  server: TokenServer,
  kind: AccountKind,
  accounts: number,
  concurrency: number,
  budgetMs: number,
): Promise<CostGrowthResult> {
  const lifetimeMs = server.lifetimeS * 1000;
  // Accounts come and go first (code paths, connections), and their tokens expire.
  await warmUp(server, kind, concurrency);
  await sleep(lifetimeMs + 500);
  const heapBefore = await settledHeap();
  const logins = server.logins;
  const started = performance.now();
  const done = await eachAccount(accounts, concurrency, started + budgetMs, async (index) => {
    await accountProvider(kind, server, index).getToken();
  });
  const elapsedMs = performance.now() - started;
  const heapBeforeExpiry = await settledHeap();
  // Every token issued so far has expired after this wait.
  await sleep(lifetimeMs + 500);
  const heapAfter = await settledHeap();
  return {
    scenario: 'come-and-go',
    kind,
    accounts: done,
    heapBefore,
    heapAfter,
    heapBeforeExpiry,
    logins: server.logins - logins,
    elapsedMs,
    resolved,
  };
}

async function run(task: CostGrowthTask): Promise<CostGrowthResult> {
  const server = await startTokenServer(task.scenario === 'come-and-go' ? 1 : 3600);
  try {
    if (task.scenario === 'shared-signal') return await sharedSignal(server, task.callers);
    if (task.scenario === 'live-accounts') {
      return await liveAccounts(server, task.kind, task.accounts, task.concurrency, task.budgetMs);
    }
    return await comeAndGo(server, task.kind, task.accounts, task.concurrency, task.budgetMs);
  } finally {
    await server.close();
  }
}

const task = JSON.parse(process.env.BENCH_COST_GROWTH ?? '{}') as CostGrowthTask;
process.send?.(await run(task), () => process.exit(0));
