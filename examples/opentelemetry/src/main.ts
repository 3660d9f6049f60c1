/**
 * opentelemetry: authwire's token renewals as OpenTelemetry spans and metrics, printed to the
 * console, on the embedded emulator (no credentials, no network).
 *
 * A login, a call served from the cache (no span: nothing happened upstream), a refresh a
 * (virtual) day later, and a refused login; then the metrics are flushed once.
 */
import { createMemoryStore, isAuthError, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { combineHandlers, instrumentAuthwire } from '@authwire/opentelemetry';
import { startEmulator } from '@authwire/testing';
import { metrics, trace } from '@opentelemetry/api';
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const DAY = 24 * 3_600_000;

// The OpenTelemetry SDK, exporting to the console. In production this is NodeSDK with OTLP and a
// Prometheus exporter (see packages/opentelemetry/README.md); authwire's side does not change.
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
const meterProvider = new MeterProvider({
  readers: [
    // Exports once, at shutdown below; the interval only matters for a long-running process.
    new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 60_000 }),
  ],
});
trace.setGlobalTracerProvider(tracerProvider);
metrics.setGlobalMeterProvider(meterProvider);

/** Virtual time shared by the emulator and the provider: a day passes in a moment. */
let skipped = 0;
const clock = { now: () => Date.now() + skipped };

async function main(): Promise<void> {
  const emulator = await startEmulator({ now: clock.now });
  try {
    const mock = emulator.mastersIndia;
    const options = { clock, store: createMemoryStore({ now: clock.now }) };
    // instrumentAuthwire() uses the global providers registered above; combineHandlers keeps a log of our own.
    const onEvent = combineHandlers(instrumentAuthwire(), (event) => {
      console.log(
        `[authwire] ${event.provider}: ${event.type}${event.type === 'renewal-failed' ? ` ${event.code}` : ''}`,
      );
    });
    const api = withAuth(mastersIndia(mock.config(), { ...options, onEvent }));

    console.log(`call 1: HTTP ${(await api(mock.protectedUrl)).status}`);
    console.log(`call 2: HTTP ${(await api(mock.protectedUrl)).status}`);
    skipped += DAY;
    console.log(`call 3, a day later: HTTP ${(await api(mock.protectedUrl)).status}`);

    const intruder = mastersIndia(mock.config({ username: 'intruder@example.com', password: 'not-the-password' }), {
      ...options,
      onEvent,
    });
    await intruder.getToken().catch((error: unknown) => {
      if (!isAuthError(error)) throw error;
      console.log(`intruder: ${error.code}`);
    });
  } finally {
    await emulator.close();
    // Shutting down exports what is left: the metrics, printed once.
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  }
  console.log('done: 1 login, 1 refresh, 1 refused login exported');
}

main().catch((error: unknown) => {
  console.error(`opentelemetry failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
