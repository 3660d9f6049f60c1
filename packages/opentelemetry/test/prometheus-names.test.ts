import { type TokenStore, withAuth } from '@authwire/core';
import { useMswServer } from '@authwire/testing/vitest';
import { HttpResponse, http } from 'msw';
import { expect, it } from 'vitest';
import { DAY, instrumentedMastersIndia } from './fixtures/setup.js';

const server = useMswServer();

// README.md's "Grafana-ready" names: what the Node SDK's Prometheus exporter serves at /metrics.
it('serves the metric and label names the README lists, through the Prometheus exporter', async () => {
  const down = () => Promise.reject(new Error('redis down'));
  const store: TokenStore = { get: async () => undefined, set: down, delete: down };
  const harness = instrumentedMastersIndia(server, { sampleTokens: true }, { store });
  await harness.provider.getToken(); // login (sample tokens: clock skew), store set fails
  harness.clock.advance(DAY);
  harness.mock.server.fail('refresh', { type: 'status', status: 206, body: { error: 'Token is invalid' } }, 1);
  await harness.provider.getToken(); // refresh refused → login
  await expect(harness.make({ password: 'wrong-password-1' }).getToken()).rejects.toThrow();
  server.use(http.get('https://elsewhere.example/api', () => HttpResponse.json({})));
  await withAuth(harness.provider)('https://elsewhere.example/api');

  const text = await harness.otel.prometheus();
  const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => `${name} ${type}`);
  expect(types).toEqual([
    'target_info gauge',
    'authwire_renewals_total counter',
    'authwire_renewal_duration histogram',
    'authwire_store_errors_total counter',
    'authwire_clock_skews_total counter',
    'authwire_token_withheld_total counter',
  ]);
  /** The sample lines of `name` with the scope labels left out. */
  const samples = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .map((line) => line.replace(/,?otel_scope_(name|version)="[^"]*"/g, '').replace('{,', '{'));
  expect(samples('authwire_renewals_total')).toEqual([
    'authwire_renewals_total{authwire_provider="masters-india",authwire_operation="login",authwire_outcome="success"} 1',
    'authwire_renewals_total{authwire_provider="masters-india",authwire_operation="login",authwire_outcome="success",authwire_fallback_from="INVALID_CREDENTIALS"} 1',
    'authwire_renewals_total{authwire_provider="masters-india",authwire_operation="login",authwire_outcome="failure",error_type="INVALID_CREDENTIALS"} 1',
  ]);
  expect(samples('authwire_renewal_duration_bucket')).toContain(
    'authwire_renewal_duration_bucket{authwire_provider="masters-india",authwire_operation="login",authwire_outcome="success",le="0.005"} 1',
  );
  expect(samples('authwire_store_errors_total')).toEqual([
    'authwire_store_errors_total{authwire_provider="masters-india",authwire_store_operation="set"} 2',
  ]);
  expect(samples('authwire_clock_skews_total')).toEqual([
    'authwire_clock_skews_total{authwire_provider="masters-india"} 2',
  ]);
  expect(samples('authwire_token_withheld_total')).toEqual([
    'authwire_token_withheld_total{authwire_provider="masters-india",url_scheme="https",server_address="elsewhere.example",server_port="443"} 1',
  ]);
});
