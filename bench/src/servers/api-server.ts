import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PATHS, type ApiControl, type ApiStats, OAUTH2_CLIENT } from './api-protocol.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
/**
 * The protected endpoint closes each connection: a storm needs one connection per concurrent
 * request anyway, and none is left idle in a client's pool for the next contender to trip on.
 */
const CLOSE_HEADERS = { ...JSON_HEADERS, connection: 'close' };
const OK_BODY = '{"ok":true}';
const REJECTED_BODY = '{"error":"invalid_token"}';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** `exp` of a JWT (payload only, no signature check), in epoch ms. */
function jwtExpiry(jwt: string): number {
  const payload = jwt.split('.')[1] ?? '';
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

function clientAuthenticated(request: IncomingMessage, form: URLSearchParams): boolean {
  const basic = request.headers.authorization;
  if (basic?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
    return id === OAUTH2_CLIENT.id && secret === OAUTH2_CLIENT.secret;
  }
  return form.get('client_id') === OAUTH2_CLIENT.id && form.get('client_secret') === OAUTH2_CLIENT.secret;
}

/**
 * The loopback API of the request benchmarks: a plain `node:http` server (no msw in the
 * path) with an unauthenticated JSON endpoint, a protected one, an OAuth2 token endpoint for
 * the peers, and a control endpoint for counters.
 *
 * @returns the listening server and its port
 */
export async function serveApi(): Promise<{ server: Server; port: number }> {
  const stats: ApiStats = { tokenCalls: 0, accepted: 0, rejected: 0 };
  let tokenLifetimeS = 3600;
  let serial = 0;
  const issued = new Map<string, number>();

  const reply = (response: ServerResponse, status: number, body: string, headers = JSON_HEADERS) => {
    response.writeHead(status, headers);
    response.end(body);
  };

  const live = (authorization: string | undefined): boolean => {
    if (authorization === undefined) return false;
    const now = Date.now();
    if (authorization.startsWith('Bearer ')) return (issued.get(authorization.slice(7)) ?? 0) > now;
    if (authorization.startsWith('JWT ')) return jwtExpiry(authorization.slice(4)) > now;
    return false;
  };

  async function token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    if (form.get('grant_type') !== 'client_credentials' || !clientAuthenticated(request, form)) {
      reply(response, 400, '{"error":"invalid_client"}');
      return;
    }
    stats.tokenCalls += 1;
    serial += 1;
    const accessToken = `at-${serial}-${Math.random().toString(36).slice(2)}`;
    issued.set(accessToken, Date.now() + tokenLifetimeS * 1000);
    reply(
      response,
      200,
      JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: tokenLifetimeS }),
    );
  }

  async function control(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'POST') {
      const body = JSON.parse(await readBody(request)) as ApiControl;
      tokenLifetimeS = body.tokenLifetimeS;
      stats.tokenCalls = 0;
      stats.accepted = 0;
      stats.rejected = 0;
      issued.clear();
    }
    reply(response, 200, JSON.stringify(stats));
  }

  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === API_PATHS.data) return reply(response, 200, OK_BODY);
    if (path === API_PATHS.protected) {
      const ok = live(request.headers.authorization);
      if (ok) stats.accepted += 1;
      else stats.rejected += 1;
      return reply(response, ok ? 200 : 401, ok ? OK_BODY : REJECTED_BODY, CLOSE_HEADERS);
    }
    const handle = path === API_PATHS.token ? token : path === API_PATHS.control ? control : undefined;
    if (handle === undefined) return reply(response, 404, '{"error":"not_found"}');
    handle(request, response).catch(() => reply(response, 500, '{"error":"server_error"}'));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
