/**
 * multi-process: a fleet of worker processes with one Masters India account, sharing one token
 * through Redis.
 *
 * The primary forks WORKERS copies of this file. Each worker builds its own provider on the Redis
 * store and, once all are ready, makes CALLS concurrent `getToken()` calls. Each reports how many
 * logins it made itself (`onEvent`), and the primary prints the totals: on a cold store, one login
 * for the whole fleet; run it again and the fleet reuses the stored token (no login).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isAuthError, type TokenProviderOptions } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { createRedisStore } from '@authwire/redis';

/** What a worker tells the primary. */
interface Report {
  worker: number;
  calls: number;
  failed: number;
  logins: number;
  refreshes: number;
  storeErrors: number;
  /** The last characters of the token it was handed (never print a whole token). */
  tokenTail: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (see README.md)`);
  return value;
}

function count(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1`);
  return value;
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

async function worker(id: number): Promise<void> {
  const store = createRedisStore({ url: required('REDIS_URL'), prefix: process.env.REDIS_PREFIX ?? 'authwire:' });
  const report: Report = { worker: id, calls: 0, failed: 0, logins: 0, refreshes: 0, storeErrors: 0, tokenTail: '' };
  const options: TokenProviderOptions = {
    store,
    onEvent(event) {
      if (event.type === 'login') report.logins += 1;
      if (event.type === 'refresh') report.refreshes += 1;
      if (event.type === 'store-error') report.storeErrors += 1;
    },
  };
  const provider = mastersIndia(
    {
      baseUrl: process.env.MI_BASE_URL ?? 'https://api-platform.mastersindia.co',
      username: required('MI_USERNAME'),
      password: required('MI_PASSWORD'),
    },
    options,
  );
  // Wait for the primary's signal, so that the whole fleet starts on a cold cache at once.
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send?.('ready');
  });
  const results = await Promise.allSettled(Array.from({ length: count('CALLS', 100) }, () => provider.getToken()));
  for (const result of results) {
    report.calls += 1;
    if (result.status === 'rejected') report.failed += 1;
    else report.tokenTail = result.value.value.slice(-8);
  }
  await store.close();
  process.send?.(report);
  process.disconnect();
}

async function primary(): Promise<void> {
  const workers = count('WORKERS', 4);
  const script = fileURLToPath(import.meta.url);
  const children = Array.from({ length: workers }, (_, i) =>
    fork(script, process.argv.slice(2), { env: { ...process.env, AUTHWIRE_WORKER: String(i + 1) } }),
  );
  const reports = children.map(
    (child) =>
      new Promise<Report>((resolve, reject) => {
        child.on('message', (message) => {
          if (typeof message === 'object') resolve(message as Report);
        });
        child.once('exit', (code) => reject(new Error(`a worker exited with code ${code} before reporting`)));
      }),
  );
  await Promise.all(children.map((child) => new Promise<void>((resolve) => child.once('message', () => resolve()))));
  for (const child of children) child.send('go');
  const all = await Promise.all(reports);
  for (const report of all) {
    console.log(
      `worker ${report.worker}: ${report.calls} calls, ${plural(report.logins, 'login')}, ` +
        `${plural(report.refreshes, 'refresh', 'refreshes')}, token …${report.tokenTail}`,
    );
  }
  const sum = (pick: (report: Report) => number) => all.reduce((total, report) => total + pick(report), 0);
  const tokens = new Set(all.map((report) => report.tokenTail)).size;
  console.log(
    `${workers} workers × ${all[0]?.calls ?? 0} concurrent calls: ${plural(
      sum((r) => r.logins),
      'login',
    )}, ` +
      `${plural(
        sum((r) => r.refreshes),
        'refresh',
        'refreshes',
      )}, ${plural(tokens, 'distinct token')}, ` +
      `${plural(
        sum((r) => r.failed),
        'failed call',
      )}, ${plural(
        sum((r) => r.storeErrors),
        'store error',
      )}`,
  );
  if (sum((r) => r.failed) > 0) process.exitCode = 1;
}

const role = process.env.AUTHWIRE_WORKER;
(role === undefined ? primary() : worker(Number(role))).catch((error: unknown) => {
  const message = isAuthError(error) ? `${error.code}: ${error.message}` : String(error);
  console.error(`multi-process failed: ${message}`);
  process.exitCode = 1;
});
