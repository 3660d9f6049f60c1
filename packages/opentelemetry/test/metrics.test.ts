import { type TokenStore, withAuth } from '@authwire/core';
import { useMswServer } from '@authwire/testing/vitest';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { DataPointType, type Histogram, InstrumentType } from '@opentelemetry/sdk-metrics';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, instrumentedMastersIndia } from './fixtures/setup.js';
import { valueAt } from './fixtures/telemetry.js';

const server = useMswServer();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

const MI = { 'authwire.provider': 'masters-india' };

describe('authwire.renewals', () => {
  it('counts renewals by provider, operation and outcome (error.type on failures, fallback_from on fallbacks)', async () => {
    const harness = instrumentedMastersIndia(server);
    await harness.provider.getToken(); // login
    harness.clock.advance(DAY);
    await harness.provider.getToken(); // refresh
    harness.clock.advance(DAY);
    await harness.provider.getToken(); // refresh
    harness.clock.advance(DAY);
    harness.mock.server.fail('refresh', { type: 'status', status: 206, body: { error: 'Token is invalid' } }, 1);
    await harness.provider.getToken(); // refresh refused → login
    await expect(harness.make({ password: 'wrong-password-1' }).getToken()).rejects.toThrow();

    const metric = (await harness.otel.metrics()).find((m) => m.descriptor.name === 'authwire.renewals');
    expect(metric?.descriptor).toMatchObject({ type: InstrumentType.COUNTER, unit: '{renewal}' });
    expect(metric?.dataPointType).toBe(DataPointType.SUM);
    const points = metric?.dataPoints ?? [];
    expect(points).toHaveLength(4);
    const success = { ...MI, 'authwire.outcome': 'success' };
    expect(valueAt(points, { ...success, 'authwire.operation': 'login' })).toBe(1);
    expect(valueAt(points, { ...success, 'authwire.operation': 'refresh' })).toBe(2);
    expect(
      valueAt(points, { ...success, 'authwire.operation': 'login', 'authwire.fallback_from': 'INVALID_CREDENTIALS' }),
    ).toBe(1);
    expect(
      valueAt(points, {
        ...MI,
        'authwire.operation': 'login',
        'authwire.outcome': 'failure',
        'error.type': 'INVALID_CREDENTIALS',
      }),
    ).toBe(1);
  });
});

describe('authwire.renewal.duration', () => {
  it('is a histogram in seconds, with buckets from 5 ms to 30 s, recording the event durations', async () => {
    const harness = instrumentedMastersIndia(server);
    server.use(
      http.post(/token-auth\/$/, () => {
        harness.clock.advance(1234);
      }),
      http.post(/api-token-refresh\/$/, () => {
        harness.clock.advance(42);
      }),
    );
    await harness.provider.getToken();
    harness.clock.advance(DAY);
    await harness.provider.getToken();

    const metric = (await harness.otel.metrics()).find((m) => m.descriptor.name === 'authwire.renewal.duration');
    expect(metric?.descriptor).toMatchObject({ type: InstrumentType.HISTOGRAM, unit: 's' });
    const points = metric?.dataPoints ?? [];
    const login = valueAt(points, { ...MI, 'authwire.operation': 'login', 'authwire.outcome': 'success' }) as Histogram;
    const refresh = valueAt(points, {
      ...MI,
      'authwire.operation': 'refresh',
      'authwire.outcome': 'success',
    }) as Histogram;
    const boundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 20, 30];
    expect(login.buckets.boundaries).toEqual(boundaries);
    expect(login).toMatchObject({ count: 1, sum: 1.234, min: 1.234, max: 1.234 });
    // 1.234 s falls in (1, 2.5]; 0.042 s in (0.025, 0.05].
    expect(login.buckets.counts[boundaries.indexOf(2.5)]).toBe(1);
    expect(refresh).toMatchObject({ count: 1, sum: 0.042 });
    expect(refresh.buckets.counts[boundaries.indexOf(0.05)]).toBe(1);
  });
});

describe('authwire.store.errors', () => {
  it('counts store failures by provider and operation, and marks the span active where they happened', async () => {
    const down = (operation: string) => () => Promise.reject(new Error(`redis: ${operation} refused (ECONNREFUSED)`));
    const store: TokenStore = { get: down('get'), set: down('set'), delete: down('delete') };
    const harness = instrumentedMastersIndia(server, {}, { store });
    const request = harness.otel.tracerProvider.getTracer('app').startSpan('GET /invoices');
    await context.with(trace.setSpan(context.active(), request), () => harness.provider.getToken());
    await harness.provider.invalidate();
    request.end();

    const metric = (await harness.otel.metrics()).find((m) => m.descriptor.name === 'authwire.store.errors');
    expect(metric?.descriptor).toMatchObject({ type: InstrumentType.COUNTER, unit: '{error}' });
    const points = metric?.dataPoints ?? [];
    expect(valueAt(points, { ...MI, 'authwire.store.operation': 'get' })).toBe(1);
    expect(valueAt(points, { ...MI, 'authwire.store.operation': 'set' })).toBe(1);
    expect(valueAt(points, { ...MI, 'authwire.store.operation': 'delete' })).toBe(1);
    // The renewal went on without the store.
    expect(harness.otel.spans().map((span) => span.name)).toEqual(['authwire.login', 'GET /invoices']);
    const events = harness.otel.spansNamed('GET /invoices')[0]?.events ?? [];
    expect(events.map((event) => [event.name, event.attributes])).toEqual([
      ['authwire.store_error', { ...MI, 'authwire.store.operation': 'get' }],
      ['authwire.store_error', { ...MI, 'authwire.store.operation': 'set' }],
    ]);
  });
});

describe('authwire.clock_skews', () => {
  it('counts tokens that looked expired on arrival', async () => {
    const harness = instrumentedMastersIndia(server, { sampleTokens: true });
    await harness.provider.getToken();

    const metric = (await harness.otel.metrics()).find((m) => m.descriptor.name === 'authwire.clock_skews');
    expect(metric?.descriptor).toMatchObject({ type: InstrumentType.COUNTER, unit: '{skew}' });
    expect(valueAt(metric?.dataPoints ?? [], MI)).toBe(1);
  });
});

describe('authwire.token.withheld', () => {
  it('counts origins a binding kept the token from, by server.address, server.port and url.scheme', async () => {
    const harness = instrumentedMastersIndia(server);
    server.use(http.get('https://elsewhere.example:8443/api/orders', () => HttpResponse.json([])));
    const api = withAuth(harness.provider);
    await api('https://elsewhere.example:8443/api/orders');
    await api('https://elsewhere.example:8443/api/orders'); // reported once per origin per binding

    const metric = (await harness.otel.metrics()).find((m) => m.descriptor.name === 'authwire.token.withheld');
    expect(metric?.descriptor).toMatchObject({ type: InstrumentType.COUNTER, unit: '{origin}' });
    expect(metric?.dataPoints.map((point) => [point.attributes, point.value])).toEqual([
      [{ ...MI, 'url.scheme': 'https', 'server.address': 'elsewhere.example', 'server.port': 8443 }, 1],
    ]);
    expect(harness.calls.login).toBe(0);
  });
});
