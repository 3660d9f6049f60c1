import { isLoopbackHost } from '@authwire/core';

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
// Not CORS-safelisted, yet what a client reads: the server clock, a cool-down, why a token was refused.
const EXPOSED = 'date, retry-after, www-authenticate';

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/**
 * The CORS headers of an answer to `request`: its `Origin` allowed (echoed) when it is a loopback
 * origin (`http://localhost:5173`, `http://127.0.0.1:3000`, …); `undefined` for any other origin
 * or none, so that a browser refuses what other sites would read.
 */
export function corsHeaders(request: Request): Record<string, string> | undefined {
  const origin = request.headers.get('origin');
  if (origin === null || !isLoopbackOrigin(origin)) return undefined;
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, vary: 'origin' };
}

/** Whether `request` is a CORS preflight: `OPTIONS` with `Access-Control-Request-Method`. */
export function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('access-control-request-method');
}

/**
 * The answer to a preflight: 204 allowing every method and the headers asked for (`authorization`
 * and `content-type` always) to a loopback origin; 403 without CORS headers to any other.
 */
export function preflightResponse(request: Request): Response {
  const headers = corsHeaders(request);
  if (headers === undefined) return new Response(null, { status: 403 });
  const asked = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const allowed = [...new Set(['authorization', 'content-type', ...asked])].join(', ');
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': METHODS,
      'access-control-allow-headers': allowed,
      'access-control-max-age': '600',
    },
  });
}
