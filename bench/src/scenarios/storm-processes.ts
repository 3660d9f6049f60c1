import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchEnv } from '../contenders/index.js';
import type { FleetMode } from '../fleet/fleet-protocol.js';
import { startFleet } from '../fleet/start-fleet.js';
import { formatCount, formatMs, type ScenarioResult, type Table } from '../report.js';
import { startRedisServer } from '../servers/start-redis-server.js';
import { tokenCallsBetween, upstreamCalls } from '../upstream-calls.js';
import { EXPIRY_WAIT_MS, LONG_LIFETIME, SHORT_LIFETIME } from './storm.js';

/** Options of {@link processStorm}. */
export interface ProcessStormOptions {
  processes: number;
  /** Concurrent `getToken()` calls in all, shared evenly by the processes. */
  callers: number;
}

const MODES: [FleetMode, string][] = [
  ['authwire-redis', 'authwire, shared Redis store'],
  ['authwire-memory', 'authwire, memory store per process (reference)'],
  ['oauth2-fetch', '@badgateway/oauth2-client OAuth2Fetch'],
];

const TITLE = '3b. Storm across processes: one Redis store';

/** The storm took clearly longer with Redis than OAuth2Fetch's 8 independent renewals. */
function slower(wall: Map<FleetMode, number>): string[] {
  const ours = wall.get('authwire-redis') ?? Number.NaN;
  const theirs = wall.get('oauth2-fetch') ?? Number.NaN;
  if (!(ours > theirs * 1.2)) return [];
  return [
    `Storm across processes: with the Redis store the fleet's storm took ${formatMs(ours)} against ${formatMs(theirs)} for OAuth2Fetch — the processes that did not renew wait for the lock holder and poll (backoff from 10 ms) — while OAuth2Fetch made one upstream call per process.`,
  ];
}

/**
 * The cross-process storm: `processes` Node processes, each with `callers / processes`
 * concurrent `getToken()` calls right after the shared token expired. authwire on the Redis
 * store must make one upstream call in all.
 */
export async function processStorm(env: BenchEnv, options: ProcessStormOptions): Promise<ScenarioResult> {
  const target = `${options.processes} processes sharing the Redis store → exactly 1 upstream call in all`;
  const redis = await startRedisServer();
  if (redis === undefined) {
    const table: Table = {
      title: TITLE,
      note: 'Not run: there is no Redis server here (`redis-server` is not on PATH and `REDIS_URL` is unset).',
      columns: [],
      rows: [],
    };
    return {
      tables: [table],
      targets: [{ target, floor: '1 call', measured: 'not run (no Redis)', met: false, miss: 'not run: no Redis' }],
      losses: [],
    };
  }
  const mock = env.emulator.mastersIndia.server;
  const calls = Math.ceil(options.callers / options.processes);
  mock.accessLifetimeMs = SHORT_LIFETIME.mastersIndiaMs;
  await env.api.reset(SHORT_LIFETIME.oauth2S);
  const beforeSeeding = await upstreamCalls(env);
  const fleet = await startFleet(options.processes, {
    redisUrl: redis.url,
    prefix: `authwire-bench:${randomUUID()}:`,
    mastersIndia: { baseUrl: env.emulator.url, username: mock.username, password: mock.password },
    apiOrigin: env.api.origin,
    calls,
  });
  try {
    const seeded = await upstreamCalls(env);
    mock.accessLifetimeMs = LONG_LIFETIME.mastersIndiaMs;
    await sleep(EXPIRY_WAIT_MS);
    await env.api.reset(LONG_LIFETIME.oauth2S);
    const rows: string[][] = [];
    const wall = new Map<FleetMode, number>();
    let upstreamWithRedis = Number.NaN;
    let failedWithRedis = 0;
    for (const [mode, name] of MODES) {
      const before = await upstreamCalls(env);
      const started = performance.now();
      const result = await fleet.storm(mode);
      const wallMs = performance.now() - started;
      wall.set(mode, wallMs);
      const upstream = tokenCallsBetween(before, await upstreamCalls(env));
      if (mode === 'authwire-redis') {
        upstreamWithRedis = upstream;
        failedWithRedis = result.failed;
      }
      rows.push([
        name,
        `**${formatCount(upstream)}**`,
        formatCount(result.failed) + (result.errors.length > 0 ? ` (${result.errors.join(', ')})` : ''),
        formatCount(result.tokens),
        formatMs(wallMs),
      ]);
    }
    return {
      tables: [
        {
          title: TITLE,
          note: `${options.processes} Node processes (forked, each with all three clients), a real \`redis-server\` on loopback. Each got its tokens at start (the fleet on Redis logged in ${formatCount(seeded.emulator - beforeSeeding.emulator - options.processes)} time(s) in all, the memory-store processes once each), all waited until they had expired, then each process fired ${formatCount(calls)} concurrent \`getToken()\` calls (${formatCount(calls * options.processes)} in all), one client after the other. Upstream calls = token-endpoint requests during that storm; distinct tokens = different tokens handed out across the fleet.`,
          columns: [
            'contender',
            'upstream token calls',
            'failed calls',
            'distinct tokens',
            'wall time (not comparable across runs)',
          ],
          rows,
        },
      ],
      targets: [
        {
          target,
          floor: '1 call, 0 failed',
          measured: `${formatCount(upstreamWithRedis)} call(s), ${formatCount(failedWithRedis)} failed`,
          met: upstreamWithRedis === 1 && failedWithRedis === 0,
        },
      ],
      losses: slower(wall),
    };
  } finally {
    await fleet.close();
    await redis.stop();
  }
}
