import { withAuth } from '@authwire/core';
import {
  type CompositionBody,
  type CompositionRequestInit,
  describeCompositionConformance,
} from '@authwire/testing/vitest';
import { oauth2 } from '../src/index.js';

/** A JSON object, to send as JSON (every other body goes to fetch as it is). */
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

// The emulator's OAuth2 realm (client credentials, client_secret_basic), through withAuth.
describeCompositionConformance({
  name: 'withAuth (fetch) with oauth2',
  providers: { oauth2 },
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
