import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { mastersIndia } from '@authwire/masters-india';
import { describeCompositionConformance } from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';
import axios from 'axios';
import { authAxios } from '../src/index.js';

const providers = { mastersIndia, unionService };

for (const adapter of ['http', 'fetch'] as const) {
  describeCompositionConformance({
    name: `authAxios (axios ${adapter} adapter)`,
    providers,
    oneShotBodies: { stream: true, asyncIterable: true },
    makeClient: (provider) => {
      // Every status comes back (no throw on 4xx), as text; nothing is retried by axios itself.
      const api = axios.create({ adapter, validateStatus: () => true, responseType: 'text' });
      authAxios(api, provider);
      return {
        async request(url, { method = 'GET', headers = {}, body }) {
          // The http adapter sends Node streams, not web ones: a ReadableStream goes as a Readable.
          const data =
            adapter === 'http' && body instanceof ReadableStream ? Readable.fromWeb(body as NodeReadableStream) : body;
          const res = await api.request<string>({ url, method, headers, data });
          return { status: res.status, text: String(res.data) };
        },
      };
    },
  });
}
