/** The composition conformance suite, from the packed kit, for core's withAuth (fetch), on every built-in adapter. */
import { withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { oauth2 } from '@authwire/oauth2';
import { type CompositionBody, describeCompositionConformance } from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';

const isJsonObject = (body: CompositionBody | undefined): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === Object.prototype;

describeCompositionConformance({
  name: 'withAuth (fetch)',
  providers: { mastersIndia, unionService, oauth2 },
  oneShotBodies: { stream: true, asyncIterable: true },
  makeClient: (provider) => {
    const api = withAuth(provider);
    return {
      async request(url, { method = 'GET', headers = {}, body }) {
        const json = isJsonObject(body);
        const init: RequestInit & { duplex: 'half' } = {
          method,
          headers: json ? { 'content-type': 'application/json', ...headers } : headers,
          duplex: 'half',
        };
        if (body !== undefined) init.body = json ? JSON.stringify(body) : (body as BodyInit);
        const res = await api(url, init);
        return { status: res.status, text: await res.text() };
      },
    };
  },
});
