import { faultResponse } from './faults.js';
import type { TokenServer } from './token-server.js';

/**
 * Answers the protected sample endpoint: 200 for `${scheme} <live token>`, else 401.
 *
 * @param server - the mock's state
 * @param request - the incoming request
 * @param scheme - the provider's scheme, e.g. `'JWT'`
 * @returns the response
 * @example
 * ```ts
 * import { protectedResponse, TokenServer } from '@authwire/testing';
 * import { http } from 'msw';
 *
 * const server = new TokenServer({}, { accessLifetimeMs: 3_600_000, refreshLifetimeMs: 86_400_000 });
 * http.get('https://api.acme.test/sample', ({ request }) => protectedResponse(server, request, 'Bearer'));
 * ```
 */
export async function protectedResponse(server: TokenServer, request: Request, scheme: string): Promise<Response> {
  const faulty = await faultResponse(server.takeFault('api'));
  if (faulty) {
    server.record('api', faulty.status);
    return faulty;
  }
  const header = request.headers.get('authorization') ?? '';
  const prefix = `${scheme} `;
  const ok = header.startsWith(prefix) && server.accepts(header.slice(prefix.length));
  server.record('api', ok ? 200 : 401);
  if (!ok) {
    return new Response(JSON.stringify({ detail: 'Authentication credentials were not provided or are invalid.' }), {
      status: 401,
      headers: { 'content-type': 'application/json', 'www-authenticate': scheme },
    });
  }
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
  return new Response(JSON.stringify({ ok: true, method: request.method, echo: body }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}
