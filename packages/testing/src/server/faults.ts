/**
 * A misbehaviour to inject into a mock's token endpoint or protected endpoint.
 *
 * @example
 * ```ts
 * import { mastersIndiaHandlers } from '@authwire/testing';
 *
 * const mock = mastersIndiaHandlers();
 * mock.server.fail('login', { type: 'status', status: 503 }, 1);   // next login: 503
 * mock.server.fail('refresh', { type: 'network' });                // every refresh: reset
 * mock.server.fail('login', { type: 'delay', ms: 2_000 });         // slow, then normal
 * mock.server.fail('login', { type: 'stalled-body' });            // headers, then a body that never ends
 * ```
 */
export type Fault =
  /** Any status with an optional body (object → JSON) and headers. */
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** A connection error (`Response.error()`). */
  | { type: 'network' }
  /** Waits, then answers normally. */
  | { type: 'delay'; ms: number }
  /** An HTML error page, as a proxy in front of the provider would send. */
  | { type: 'html'; status: number }
  /** A 200 with bytes that are not JSON. */
  | { type: 'garbage' }
  /** A 200 with JSON cut off half-way. */
  | { type: 'truncated' }
  /** A 200 with an empty body. */
  | { type: 'empty' }
  /** A 200 whose JSON has the right keys with wrong types. */
  | { type: 'wrong-types' }
  /** A 200 whose headers arrive at once, and whose body starts, then stops: it never ends. */
  | { type: 'stalled-body' }
  /** A 200 whose body arrives one byte every `everyMs` (it ends after `bytes` bytes, not JSON). */
  | { type: 'trickled-body'; everyMs: number; bytes: number };

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * Turns a fault into the Response it stands for; `undefined` for `delay` (after waiting) so
 * that the caller answers normally.
 *
 * @param fault - the fault
 * @param extraHeaders - headers every answer carries (e.g. `Date`)
 * @returns the faulty response, or `undefined` to answer normally
 * @example
 * ```ts
 * import { faultResponse, type TokenServer } from '@authwire/testing';
 *
 * async function login(server: TokenServer): Promise<Response> {
 *   const faulty = await faultResponse(server.takeFault('login'), server.dateHeaders());
 *   if (faulty) return faulty;
 *   return Response.json({ token: server.issue().access });
 * }
 * ```
 */
export async function faultResponse(
  fault: Fault | undefined,
  extraHeaders: Record<string, string> = {},
): Promise<Response | undefined> {
  if (fault === undefined) return undefined;
  switch (fault.type) {
    case 'network':
      return Response.error();
    case 'delay':
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return undefined;
    case 'status':
      if (fault.body === undefined || typeof fault.body === 'string') {
        return new Response(fault.body ?? null, {
          status: fault.status,
          headers: { ...extraHeaders, ...fault.headers },
        });
      }
      return json(fault.body, fault.status, { ...extraHeaders, ...fault.headers });
    case 'html':
      return new Response(`<html><body><h1>${fault.status} Bad Gateway</h1></body></html>`, {
        status: fault.status,
        headers: { 'content-type': 'text/html', ...extraHeaders },
      });
    case 'garbage':
      return new Response('\u0000\u00ff not json at all', {
        status: 200,
        headers: { 'content-type': 'application/json', ...extraHeaders },
      });
    case 'truncated':
      return new Response('{"token": "eyJhbGciOi', {
        status: 200,
        headers: { 'content-type': 'application/json', ...extraHeaders },
      });
    case 'empty':
      return new Response(null, { status: 200, headers: extraHeaders });
    case 'stalled-body':
      return new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"token": "eyJ'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json', ...extraHeaders } },
      );
    case 'trickled-body': {
      let timer: ReturnType<typeof setInterval> | undefined;
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          timer = setInterval(() => {
            sent += 1;
            controller.enqueue(new TextEncoder().encode(' '));
            if (sent >= fault.bytes) {
              clearInterval(timer);
              controller.close();
            }
          }, fault.everyMs);
        },
        cancel() {
          clearInterval(timer);
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...extraHeaders } });
    }
    case 'wrong-types':
      return json(
        { token: 12345, access_token: 12345, accessToken: 12345, expires_in: 'soon', refresh_token: false },
        200,
        extraHeaders,
      );
  }
}
