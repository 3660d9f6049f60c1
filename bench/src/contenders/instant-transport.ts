import type { AxiosAdapter, AxiosHeaders } from 'axios';

const BODY = '{"ok":true}';
const HEADERS = { 'content-type': 'application/json' };

/**
 * Transports that answer at once, in process: a ready `{"ok":true}` 200 for every request, no
 * socket. Around them a binding's own CPU is what remains of a request. `authorization` records
 * the header each request carried while `recording` is on (off while measuring: reading headers
 * costs time).
 */
export interface InstantTransport {
  /** A `fetch` (for fetch, ky's and openapi-fetch's `fetch` option). */
  readonly fetch: typeof fetch;
  /** An axios `adapter`. */
  readonly adapter: AxiosAdapter;
  recording: boolean;
  /** The `authorization` header of the requests made while recording (`null`: none). */
  readonly authorization: (string | null)[];
}

/** A new instant transport. */
export function instantTransport(): InstantTransport {
  const transport: InstantTransport = {
    recording: false,
    authorization: [],
    fetch: async (input, init) => {
      if (transport.recording) {
        const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
        transport.authorization.push(headers.get('authorization'));
      }
      return new Response(BODY, { status: 200, headers: HEADERS });
    },
    adapter: async (config) => {
      if (transport.recording) {
        const value = (config.headers as AxiosHeaders).get('authorization');
        transport.authorization.push(typeof value === 'string' ? value : null);
      }
      return { data: { ok: true }, status: 200, statusText: 'OK', headers: HEADERS, config, request: {} };
    },
  };
  return transport;
}
