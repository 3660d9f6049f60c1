import type { AxiosResponse } from 'axios';
import { fetchHeaders } from './fetch-headers.js';
import { isOneShot } from './is-one-shot.js';

/** Statuses whose Response has no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The bytes of axios's (already transformed) `data`: a string as is, bytes as they are, anything else as JSON. */
async function bytesOf(data: unknown): Promise<Uint8Array> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof Blob !== 'undefined' && data instanceof Blob) return new Uint8Array(await data.arrayBuffer());
  // A streamed response (`responseType: 'stream'`) is the caller's to read: its body is not ours.
  if (isOneShot(data)) return new Uint8Array();
  return new TextEncoder().encode(JSON.stringify(data) ?? '');
}

/**
 * axios's response as a fetch `Response` (status, headers, body) for `policy.rejects`. The body
 * is made only if it is read (a provider may look at it, e.g. a 403's), so a response nobody
 * looks into costs no serialisation. `undefined` for a status a `Response` cannot carry.
 */
export function responseOf(response: AxiosResponse): Response | undefined {
  const { status, data } = response;
  if (status < 200 || status > 599) return undefined;
  const body =
    NULL_BODY.has(status) || data === undefined || data === null || data === ''
      ? null
      : new ReadableStream<Uint8Array>({
          async pull(controller) {
            const bytes = await bytesOf(data);
            if (bytes.byteLength > 0) controller.enqueue(bytes);
            controller.close();
          },
        });
  return new Response(body, { status, headers: fetchHeaders(response.headers ?? undefined) });
}
