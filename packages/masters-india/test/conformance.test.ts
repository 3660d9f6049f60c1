import { mastersIndiaHandlers } from '@authwire/testing';
import { describeAdapterConformance } from '@authwire/testing/vitest';
import { expect, it } from 'vitest';
import { mastersIndia } from '../src/index.js';

const HOUR = 3_600_000;

describeAdapterConformance({
  factory: mastersIndia,
  mock: mastersIndiaHandlers,
  refresh: true,
  additionalTests: ({ setup }) => {
    it.each([
      ['json', 'v1'],
      ['form', 'v2'],
    ] as const)(
      'with bodyEncoding %s and apiVersion %s: logs in, then renews by refresh',
      async (bodyEncoding, apiVersion) => {
        const { make, clock, calls, mock } = setup({ accessLifetimeMs: HOUR });
        const provider = make({ bodyEncoding, apiVersion });
        const first = await provider.getToken();
        clock.advance(HOUR);
        const second = await provider.getToken();
        expect(second.value).not.toBe(first.value);
        expect(mock.server.accepts(second.value)).toBe(true);
        expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
        expect(mock.server.requests[0]?.url).toBe(`${mock.baseUrl}/api/${apiVersion}/token-auth/`);
      },
    );
  },
});
