import type { AuthEvent } from '@authwire/core';
import { useMswServer } from '@authwire/testing/vitest';
import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { combineHandlers, instrumentAuthwire } from '../src/index.js';
import { DAY, instrumentedMastersIndia } from './fixtures/setup.js';
import { telemetry } from './fixtures/telemetry.js';

const server = useMswServer();

afterEach(() => {
  trace.disable();
  metrics.disable();
});

/** One event of every type. */
const EVERY_EVENT: AuthEvent[] = [
  { type: 'login', provider: 'acme', durationMs: 5, expiresAt: 10 },
  { type: 'refresh', provider: 'acme', durationMs: 5, expiresAt: 10 },
  {
    type: 'renewal-failed',
    provider: 'acme',
    code: 'RATE_LIMITED',
    message: 'acme: 429',
    operation: 'refresh',
    durationMs: 5,
    serving: true,
  },
  { type: 'store-error', provider: 'acme', operation: 'lock', message: 'timeout' },
  { type: 'clock-skew', provider: 'acme', claimedExpiresAt: 1, expiresAt: 10, receivedAt: 5 },
  { type: 'token-withheld', provider: 'acme', origin: 'http://localhost:4010' },
];

describe('without an SDK', () => {
  it('a provider instrumented with no SDK registered works, and the handler takes every event without a throw', async () => {
    const onEvent = instrumentAuthwire();
    const harness = instrumentedMastersIndia(server);
    const plain = harness.make({}, { onEvent });
    await plain.getToken();
    for (const event of EVERY_EVENT) expect(() => onEvent(event)).not.toThrow();
    await Promise.resolve();
  });
});

describe('the global providers', () => {
  it('are looked up per event: an SDK registered after the handler was made gets its telemetry', async () => {
    const onEvent = instrumentAuthwire();
    const harness = instrumentedMastersIndia(server);
    const provider = harness.make({}, { onEvent });
    await provider.getToken(); // before any SDK: the API's no-op

    const otel = telemetry();
    trace.setGlobalTracerProvider(otel.tracerProvider);
    metrics.setGlobalMeterProvider(otel.meterProvider);
    harness.clock.advance(DAY);
    await provider.getToken();

    expect(harness.calls).toMatchObject({ login: 1, refresh: 1 });
    expect(otel.spans().map((span) => span.name)).toEqual(['authwire.refresh']);
    const renewals = await otel.points('authwire.renewals');
    expect(renewals.map((point) => [point.attributes['authwire.operation'], point.value])).toEqual([['refresh', 1]]);
  });

  it('explicit providers win over the global ones', async () => {
    const global = telemetry();
    trace.setGlobalTracerProvider(global.tracerProvider);
    metrics.setGlobalMeterProvider(global.meterProvider);
    const own = telemetry();
    const onEvent = instrumentAuthwire({ tracerProvider: own.tracerProvider, meterProvider: own.meterProvider });
    onEvent({ type: 'login', provider: 'acme', durationMs: 5, expiresAt: 10 });

    expect(own.spans()).toHaveLength(1);
    expect(await own.points('authwire.renewals')).toHaveLength(1);
    expect(global.spans()).toHaveLength(0);
    expect(await global.points('authwire.renewals')).toHaveLength(0);
  });
});

describe('a broken SDK', () => {
  const broken = () => {
    throw new Error('exporter exploded');
  };
  const tracerProvider = { getTracer: broken } as unknown as TracerProvider;
  const meterProvider = { getMeter: broken } as unknown as MeterProvider;

  it('never throws into the provider, and the provider renews as usual', async () => {
    const onEvent = instrumentAuthwire({ tracerProvider, meterProvider });
    for (const event of EVERY_EVENT) expect(() => onEvent(event)).not.toThrow();
    await Promise.resolve(); // the clock skew no renewal took in

    const harness = instrumentedMastersIndia(server);
    await expect(harness.make({}, { onEvent }).getToken()).resolves.toMatchObject({ scheme: 'JWT' });
  });
});

describe('combineHandlers', () => {
  it('calls every handler in order, skips undefined ones, and one that throws does not starve the rest', () => {
    const seen: string[] = [];
    const onEvent = combineHandlers(
      (event) => seen.push(`a:${event.type}`),
      undefined,
      () => {
        throw new Error('a broken logger');
      },
      (event) => seen.push(`b:${event.type}`),
    );
    expect(() => onEvent({ type: 'login', provider: 'acme', durationMs: 5, expiresAt: 10 })).not.toThrow();
    expect(seen).toEqual(['a:login', 'b:login']);
  });

  it("combines instrumentAuthwire with the user's own handler on a real provider", async () => {
    const otel = telemetry();
    const logged: string[] = [];
    const harness = instrumentedMastersIndia(server);
    const provider = harness.make(
      {},
      {
        onEvent: combineHandlers(
          instrumentAuthwire({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider }),
          (event) => logged.push(`${event.provider} ${event.type}`),
        ),
      },
    );
    await provider.getToken();

    expect(logged).toEqual(['masters-india login']);
    expect(otel.spans().map((span) => span.name)).toEqual(['authwire.login']);
  });
});
