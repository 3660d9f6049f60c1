import { fork } from 'node:child_process';
import { request } from 'node:http';
import { entryUrl } from '../build/entry-url.js';
import { API_PATHS, type ApiStats } from './api-protocol.js';

/** The loopback API server, running in a child process. */
export interface ApiServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `{origin}/data`: answers anyone. */
  readonly dataUrl: string;
  /** `{origin}/protected`: answers live tokens only. */
  readonly protectedUrl: string;
  /** `{origin}/oauth2/token`: the peers' token endpoint. */
  readonly tokenUrl: string;
  /** The counters since the last reset. */
  stats(): Promise<ApiStats>;
  /** Resets the counters, forgets issued tokens and sets their lifetime. */
  reset(tokenLifetimeS: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A control call on a connection of its own (`agent: false`): never one of the pooled
 * connections that a reset closes, nor one a contender would reuse.
 */
function controlCall(url: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = request(url, { method: body === undefined ? 'GET' : 'POST', agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end(body);
  });
}

/**
 * Forks the API server process (the built `api-server-process.js` beside this bundle, plain
 * node) and waits until it listens.
 *
 * @returns the running server
 */
export async function startApiServer(): Promise<ApiServer> {
  const child = fork(entryUrl('api-server-process'), { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the API server exited with code ${code}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const control = `${origin}${API_PATHS.control}`;
  return {
    origin,
    dataUrl: `${origin}${API_PATHS.data}`,
    protectedUrl: `${origin}${API_PATHS.protected}`,
    tokenUrl: `${origin}${API_PATHS.token}`,
    stats: async () => JSON.parse(await controlCall(control)) as ApiStats,
    async reset(tokenLifetimeS) {
      await controlCall(control, JSON.stringify({ tokenLifetimeS }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
