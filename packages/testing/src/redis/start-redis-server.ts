import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real redis-server on a free loopback port, in a temporary directory, persisting nothing. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** SIGSTOP: the server keeps its connections but answers nothing (a stalled Redis). */
  pause(): void;
  /** SIGCONT after {@link pause}. */
  resume(): void;
  /** Stops it for good (SIGTERM; SIGKILL if it lingers) and removes its directory. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Whether `redis-server` is on PATH.
 *
 * @returns true when `redis-server --version` runs
 * @example
 * ```ts
 * import { redisServerInstalled, startRedisServer } from '@authwire/testing';
 * import { describe, it } from 'vitest';
 *
 * describe.skipIf(!redisServerInstalled())('against Redis', () => {
 *   it('starts one', async () => {
 *     const redis = await startRedisServer();
 *     await redis.stop();
 *   });
 * });
 * ```
 */
export function redisServerInstalled(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
}

function assertInstalled(): void {
  if (!redisServerInstalled()) {
    throw new Error(
      'redis-server is not on PATH: install it (Debian: apt-get install -y redis-server) to run tests against a real Redis.',
    );
  }
}

/**
 * Starts redis-server with `--port <free> --bind 127.0.0.1 --save '' --appendonly no` in a temp
 * directory and resolves once it accepts connections.
 *
 * @param port - a port of your choice (to restart a server where it was); a free one by default
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  assertInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'authwire-redis-'));
  port ??= await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
