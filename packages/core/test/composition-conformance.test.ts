import { mastersIndia } from '@authwire/masters-india';
import { describeCompositionConformance } from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';
import { fetchCompositionClient, isJsonObject, kyCompositionClient } from '@authwire-tooling/reliability';
import ky from 'ky';
import createClient from 'openapi-fetch';
import { authHooks, authMiddleware, withAuth } from '../src/index.js';

const providers = { mastersIndia, unionService };

describeCompositionConformance({
  name: 'withAuth (fetch)',
  providers,
  oneShotBodies: { stream: true, asyncIterable: true },
  makeClient: (provider) => fetchCompositionClient(withAuth(provider)),
});

describeCompositionConformance({
  name: 'authHooks (ky 1)',
  providers,
  oneShotBodies: { stream: true, asyncIterable: true },
  makeClient: (provider) =>
    kyCompositionClient(ky.create({ hooks: authHooks(provider), throwHttpErrors: false, retry: 0 })),
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
