import { mastersIndia } from '@authwire/masters-india';
import {
  type CompositionBody,
  type CompositionRequestInit,
  describeCompositionConformance,
} from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { authHooks, authMiddleware, withAuth } from '../src/index.js';

const providers = { mastersIndia, unionService };

/** A JSON object, to send as JSON (every other body goes to the client as it is). */
const isJsonObject = (body: CompositionBody | undefined): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === Object.prototype;

/** The suite's request as a `fetch` init: a JSON object as JSON text, a stream sent half-duplex. */
function fetchInit({ method = 'GET', headers = {}, body }: CompositionRequestInit): RequestInit {
  if (body === undefined) return { method, headers };
  if (isJsonObject(body)) {
    return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
  }
  return { method, headers, body: body as BodyInit, duplex: 'half' } as RequestInit;
}

describeCompositionConformance({
  name: 'withAuth (fetch)',
  providers,
  oneShotBodies: { stream: true, asyncIterable: true },
  makeClient: (provider) => {
    const api = withAuth(provider);
    return {
      async request(url, init) {
        const res = await api(url, fetchInit(init));
        return { status: res.status, text: await res.text() };
      },
    };
  },
});

describeCompositionConformance({
  name: 'authHooks (ky 1)',
  providers,
  oneShotBodies: { stream: true, asyncIterable: true },
  makeClient: (provider) => {
    const api = ky.create({ hooks: authHooks(provider), throwHttpErrors: false, retry: 0 });
    return {
      async request(url, { method = 'GET', headers = {}, body }) {
        const res = isJsonObject(body)
          ? await api(url, { method, headers, json: body })
          : await api(url, { method, headers, ...(body === undefined ? {} : { body: body as BodyInit }) });
        return { status: res.status, text: await res.text() };
      },
    };
  },
});

/** openapi-fetch's `request`, untyped: the suite's URLs are not in any OpenAPI document. */
type UntypedRequest = (
  method: string,
  url: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

describeCompositionConformance({
  name: 'authMiddleware (openapi-fetch)',
  providers,
  // openapi-fetch serializes the body itself and hands middleware only the Request it built: a
  // stream and a string are the same body there, so a one-shot body cannot be told apart.
  oneShotBodies: {
    stream: 'not distinguishable: openapi-fetch hands middleware a built Request (bodies are serialized)',
    asyncIterable: 'not distinguishable: openapi-fetch hands middleware a built Request (bodies are serialized)',
  },
  makeClient: (provider) => {
    const client = createClient();
    client.use(authMiddleware(provider));
    const request = client.request as unknown as UntypedRequest;
    return {
      async request(url, { method = 'GET', headers = {}, body }) {
        const { data, error, response } = await request(method.toLowerCase(), url, {
          headers,
          parseAs: 'text',
          duplex: 'half',
          // A JSON object is serialized by openapi-fetch's default; every other body goes as it is.
          ...(body === undefined ? {} : { body }),
          ...(body === undefined || isJsonObject(body) ? {} : { bodySerializer: (raw: unknown) => raw }),
        });
        const text = response.ok ? data : error;
        return { status: response.status, text: typeof text === 'string' ? text : JSON.stringify(text ?? '') };
      },
    };
  },
});
