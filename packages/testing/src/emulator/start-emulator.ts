import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import {
  type MastersIndiaHandlersOptions,
  type MastersIndiaMock,
  mastersIndiaHandlers,
} from '../masters-india/handlers.js';
import { type OAuth2HandlersOptions, type OAuth2Mock, oauth2Handlers } from '../oauth2/handlers.js';
import type { TokenServerOptions } from '../server/token-server.js';
import {
  type UnionServiceHandlersOptions,
  type UnionServiceMock,
  unionServiceHandlers,
} from '../union-service/handlers.js';
import { corsHeaders, isPreflight, preflightResponse } from './cors.js';

/**
 * One request the emulator answered: what `onRequest` is called with and `log` holds.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@authwire/testing';
 *
 * const emulator = await startEmulator();
 * emulator.log.filter((entry) => entry.path.includes('token-auth')).length;
 * ```
 */
export interface EmulatorLogEntry {
  /** When it was answered (epoch ms, real time). */
  at: number;
  method: string;
  /** The full URL, query included. */
  url: string;
  /** The path and query, e.g. `/union-service/auth/token?api-version=1.0`. */
  path: string;
  /** The request's headers (lower-case names), without `authorization`: the log never holds a token. */
  headers: Record<string, string>;
  /** The status answered; 0 for a reset connection (a `network` fault). */
  status: number;
  durationMs: number;
}

/**
 * Options of {@link startEmulator}. Token-server options (credentials, lifetimes, clock) apply
 * to every provider; `mastersIndia` / `unionService` / `oauth2` override them per provider (for
 * the OAuth2 realm, `username` / `password` are its confidential client's id and secret).
 *
 * @example
 * ```ts
 * import { startEmulator } from '@authwire/testing';
 *
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
  mastersIndia?: Omit<MastersIndiaHandlersOptions, 'baseUrl'>;
  /** Options of the union-service mock (see `unionServiceHandlers`). */
  unionService?: Omit<UnionServiceHandlersOptions, 'baseUrl'>;
  /**
   * Options of the OAuth2 realm (see `oauth2Handlers`), served at `{url}/realms/{realm}` (default
   * realm `authwire`; confidential client `authwire-client` / `authwire-client-secret`, public
   * client `authwire-public`, user `demo@example.com` / `demo-password`); its protected endpoint
   * is `{url}/api/sample`.
   *
   * @example
   * ```ts
   * import { startEmulator } from '@authwire/testing';
   *
   * await startEmulator({ oauth2: { realm: 'shop', clientCredentialsRefreshTokens: true } });
   * ```
   */
  oauth2?: Omit<OAuth2HandlersOptions, 'baseUrl' | 'apiUrl'>;
  /**
   * msw handlers of your own, tried before the providers' (so they may also replace one): an API
   * for a demo, a slow endpoint, another token endpoint. The emulator's URL is not known before it
   * listens: match the path on any origin (a `*` prefix, or a RegExp).
   *
   * @example
   * ```ts
   * import { startEmulator } from '@authwire/testing';
   * import { HttpResponse, http } from 'msw';
   *
   * await startEmulator({ handlers: [http.get(/\/api\/orders$/, () => HttpResponse.json([{ id: 1 }]))] });
   * ```
   */
  handlers?: RequestHandler[];
  /**
   * Called with each request once it is answered (the same entry `log` receives), e.g. to print a
   * request log. Its headers never hold `authorization`.
   *
   * @example
   * ```ts
   * import { startEmulator } from '@authwire/testing';
   *
   * await startEmulator({ onRequest: (entry) => console.log(entry.method, entry.path, entry.status) });
   * ```
   */
  onRequest?: (entry: EmulatorLogEntry) => void;
  /**
   * Let browser apps served from another loopback origin (`http://localhost:5173`, …) call the
   * emulator: it answers CORS preflights (`OPTIONS`, 204, allowing every method and the
   * `authorization` and `content-type` headers) and adds `access-control-allow-origin` (the
   * request's origin) and `access-control-expose-headers: date, retry-after, www-authenticate`
   * to every answer. Origins that are not loopback get no CORS headers (a preflight from one: 403).
   * @default false
   */
  cors?: boolean;
}

/**
 * A running emulator: every provider's token endpoints (Masters India, union-service, an OAuth2
 * realm) and protected sample endpoints on one loopback origin, driven by the same msw handlers
 * the tests use.
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 * import { startEmulator } from '@authwire/testing';
 *
 * const emulator = await startEmulator();
 * const provider = mastersIndia(emulator.mastersIndia.config());
 * await provider.getToken();
 * await emulator.close();
 * ```
 */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: the base URL of every provider. */
  readonly url: string;
  readonly port: number;
  /** The Masters India mock: config, counters, faults, clock, its API paths and api key. */
  readonly mastersIndia: MastersIndiaMock;
  /** The union-service mock: config, counters, faults, clock. */
  readonly unionService: UnionServiceMock;
  /** The OAuth2 realm (Keycloak-like): config, counters, faults, clock, discovery. */
  readonly oauth2: OAuth2Mock;
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

async function send(outgoing: ServerResponse, response: Response, cors: Record<string, string> = {}): Promise<void> {
  // The handlers set `Date` from the provider's (possibly skewed) clock, or none on purpose.
  outgoing.sendDate = false;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(cors)) {
    if (name === 'vary') headers.append(name, value);
    else headers.set(name, value);
  }
  const body = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, [...headers].flat());
  outgoing.end(body);
}

/** The request's headers as the log keeps them: lower-case names, `authorization` left out. */
function loggedHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined || name === 'authorization') continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Starts a real HTTP server on a loopback address serving every provider's token endpoints and
 * protected sample endpoints, with the same behaviour as the msw handlers (they are the same
 * handlers): configurable lifetimes and clock, fault injection, call counters, a request log
 * (`log`, `onRequest`), handlers of your own and, with `cors`, calls from browser apps on another
 * loopback origin.
 *
 * @param options - port, host, credentials, lifetimes, per-provider options, handlers, hooks
 * @returns the running emulator; `close()` stops it
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import { startEmulator } from '@authwire/testing';
 * import { unionService } from '@authwire/union-service';
 *
 * const emulator = await startEmulator({ accessLifetimeMs: 120_000 });
 * const provider = unionService(emulator.unionService.config());
 * const res = await withAuth(provider)(emulator.unionService.protectedUrl); // 200
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const {
    port = 0,
    host = '127.0.0.1',
    mastersIndia,
    unionService,
    oauth2,
    handlers: extra = [],
    onRequest,
    cors = false,
    ...shared
  } = options;
  let handlers: RequestHandler[] = [];
  const log: EmulatorLogEntry[] = [];

  /** Answers one request; resolves to the status answered (0: the connection was reset). */
  async function answer(incoming: IncomingMessage, outgoing: ServerResponse): Promise<number> {
    try {
      const request = await toRequest(url, incoming);
      const allowed = cors ? corsHeaders(request) : undefined;
      if (cors && isPreflight(request)) {
        const response = preflightResponse(request);
        await send(outgoing, response);
        return response.status;
      }
      const response =
        (await getResponse(handlers, request)) ?? Response.json({ title: 'Not Found', status: 404 }, { status: 404 });
      if (response.type === 'error') {
        incoming.socket.destroy(); // a network fault: reset the connection
        return 0;
      }
      await send(outgoing, response, allowed);
      return response.status;
    } catch {
      if (!outgoing.headersSent) outgoing.writeHead(500);
      outgoing.end();
      return 500;
    }
  }

  const server = createServer((incoming, outgoing) => {
    const started = performance.now();
    void answer(incoming, outgoing).then((status) => {
      const target = new URL(incoming.url ?? '/', url);
      const entry: EmulatorLogEntry = {
        at: Date.now(),
        method: incoming.method ?? 'GET',
        url: target.href,
        path: `${target.pathname}${target.search}`,
        headers: loggedHeaders(incoming),
        status,
        durationMs: performance.now() - started,
      };
      log.push(entry);
      onRequest?.(entry);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const mi = mastersIndiaHandlers({ ...shared, ...mastersIndia, baseUrl: url });
  const us = unionServiceHandlers({ ...shared, ...unionService, baseUrl: url });
  const o2 = oauth2Handlers({ ...shared, ...oauth2, baseUrl: url, apiUrl: url });
  handlers = [...extra, ...mi.handlers, ...us.handlers, ...o2.handlers];

  return {
    url,
    port: address.port,
    mastersIndia: mi,
    unionService: us,
    oauth2: o2,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
