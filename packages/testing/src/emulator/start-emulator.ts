import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { mastersIndiaHandlers } from '../masters-india/handlers.js';
import type { ProviderMock } from '../server/provider-mock.js';
import type { TokenServerOptions } from '../server/token-server.js';
import { type UnionServiceMock, unionServiceHandlers } from '../union-service/handlers.js';

/**
 * Options of {@link startEmulator}. Token-server options (credentials, lifetimes, clock) apply
 * to every provider; `mastersIndia` / `unionService` override them per provider.
 *
 * @example
 * ```ts
 * await startEmulator({ port: 4010, accessLifetimeMs: 60_000, unionService: { casing: 'camel' } });
 * ```
 */
export interface EmulatorOptions extends TokenServerOptions {
  /**
   * The port; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * The loopback address to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /** Options of the Masters India mock (see `mastersIndiaHandlers`). */
  mastersIndia?: Omit<Parameters<typeof mastersIndiaHandlers>[0], 'baseUrl'>;
  /** Options of the union-service mock (see `unionServiceHandlers`). */
  unionService?: Omit<Parameters<typeof unionServiceHandlers>[0], 'baseUrl'>;
  /** Extra msw handlers served first (e.g. an API of your own for a demo). */
  handlers?: RequestHandler[];
}

/**
 * One request the emulator answered.
 *
 * @example
 * ```ts
 * emulator.log.filter((entry) => entry.path.includes('token-auth')).length;
 * ```
 */
export interface EmulatorLogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

/**
 * A running emulator: both providers' token endpoints and protected sample endpoints on one
 * loopback origin, driven by the same msw handlers the tests use.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const provider = mastersIndia(emulator.mastersIndia.config());
 * await emulator.close();
 * ```
 */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: the base URL of both providers. */
  readonly url: string;
  readonly port: number;
  /** The Masters India mock: config, counters, faults, clock. */
  readonly mastersIndia: ProviderMock;
  /** The union-service mock: config, counters, faults, clock. */
  readonly unionService: UnionServiceMock;
  /** Every request answered, in order. */
  readonly log: EmulatorLogEntry[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

async function toRequest(origin: string, incoming: IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = incoming.method ?? 'GET';
  const chunks: Buffer[] = [];
  if (method !== 'GET' && method !== 'HEAD') for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return new Request(new URL(incoming.url ?? '/', origin), {
    method,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : null,
  });
}

async function send(outgoing: ServerResponse, response: Response): Promise<void> {
  // The handlers set `Date` from the provider's (possibly skewed) clock, or none on purpose.
  outgoing.sendDate = false;
  const body = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, [...response.headers].flat());
  outgoing.end(body);
}

/**
 * Starts a real HTTP server on a loopback address serving both providers' token endpoints and
 * protected sample endpoints, with the same behaviour as the msw handlers (they are the same
 * handlers): configurable lifetimes and clock, fault injection, call counters and a log.
 *
 * @param options - port, host, credentials, lifetimes, per-provider options
 * @returns the running emulator; `close()` stops it
 * @example
 * ```ts
 * const emulator = await startEmulator({ accessLifetimeMs: 120_000 });
 * const provider = unionService(emulator.unionService.config());
 * const res = await withAuth(provider)(emulator.unionService.protectedUrl);
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { port = 0, host = '127.0.0.1', mastersIndia, unionService, handlers: extra = [], ...shared } = options;
  let handlers: RequestHandler[] = [];
  const log: EmulatorLogEntry[] = [];
  const server = createServer((incoming, outgoing) => {
    const started = performance.now();
    const record = (status: number) =>
      log.push({
        at: Date.now(),
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        status,
        durationMs: performance.now() - started,
      });
    void (async () => {
      try {
        const request = await toRequest(url, incoming);
        const response = await getResponse(handlers, request);
        if (response === undefined) {
          record(404);
          await send(outgoing, Response.json({ title: 'Not Found', status: 404 }, { status: 404 }));
        } else if (response.type === 'error') {
          record(0);
          incoming.socket.destroy(); // a network fault: reset the connection
        } else {
          record(response.status);
          await send(outgoing, response);
        }
      } catch {
        record(500);
        if (!outgoing.headersSent) outgoing.writeHead(500);
        outgoing.end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const mi = mastersIndiaHandlers({ ...shared, ...mastersIndia, baseUrl: url });
  const us = unionServiceHandlers({ ...shared, ...unionService, baseUrl: url });
  handlers = [...extra, ...mi.handlers, ...us.handlers];

  return {
    url,
    port: address.port,
    mastersIndia: mi,
    unionService: us,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
