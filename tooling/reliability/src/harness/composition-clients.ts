import type { CompositionBody, CompositionClient, CompositionRequestInit } from '@authwire/testing/vitest';

/** A JSON object, sent as JSON; every other body of the suite goes to the client as it is. */
export const isJsonObject = (body: CompositionBody | undefined): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === Object.prototype;

/** The composition suite's request as a `fetch` init: a JSON object as JSON text, a stream sent half-duplex. */
export function fetchInit({ method = 'GET', headers = {}, body }: CompositionRequestInit): RequestInit {
  if (body === undefined) return { method, headers };
  if (isJsonObject(body)) {
    return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
  }
  return { method, headers, body: body as BodyInit, duplex: 'half' } as RequestInit;
}

/**
 * The composition suite's client for a `fetch` (`withAuth(provider)`, say).
 *
 * @param api - the fetch under test
 * @returns the suite's client
 */
export function fetchCompositionClient(api: (url: string, init: RequestInit) => Promise<Response>): CompositionClient {
  return {
    async request(url, init) {
      const res = await api(url, fetchInit(init));
      return { status: res.status, text: await res.text() };
    },
  };
}

/** A ky instance of either major, as far as the suite uses it (`json` or `body`, never throwing on a status). */
type KyCall = (url: string, options: Record<string, unknown>) => Promise<Response>;

/**
 * The composition suite's client for a ky instance (ky 1 or 2) created with `throwHttpErrors: false`.
 *
 * @param api - the ky instance under test
 * @returns the suite's client
 */
export function kyCompositionClient(api: KyCall): CompositionClient {
  return {
    async request(url, { method = 'GET', headers = {}, body }) {
      const res = isJsonObject(body)
        ? await api(url, { method, headers, json: body })
        : await api(url, { method, headers, ...(body === undefined ? {} : { body }) });
      return { status: res.status, text: await res.text() };
    },
  };
}
