import type { AuthEvent } from '@authwire/core';
import {
  type Attributes,
  type Context,
  context,
  type MeterProvider,
  metrics,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { version } from '../package.json';
import { createInstruments, type Instruments } from './instruments.js';
import {
  ATTR_ASSUMED_LIFETIME_MS,
  ATTR_CLOCK_SKEW_MS,
  ATTR_ERROR_TYPE,
  ATTR_FALLBACK_FROM,
  ATTR_HTTP_STATUS,
  ATTR_OPERATION,
  ATTR_OUTCOME,
  ATTR_PROVIDER,
  ATTR_SERVING_STALE,
  ATTR_STORE_OPERATION,
  EVENT_CLOCK_SKEW,
  EVENT_STORE_ERROR,
  EVENT_TOKEN_WITHHELD,
  SCOPE_NAME,
  SPAN_CLOCK_SKEW,
  SPAN_LOGIN,
  SPAN_REFRESH,
  SPAN_RENEWAL,
} from './names.js';
import { originAttributes } from './origin-attributes.js';
import { type Renewal, renewalOf } from './renewal-of.js';

/**
 * Options of {@link instrumentAuthwire}.
 *
 * @example
 * ```ts
 * import { metrics, trace } from '@opentelemetry/api';
 * import type { InstrumentAuthwireOptions } from '@authwire/opentelemetry';
 *
 * const options: InstrumentAuthwireOptions = {
 *   tracerProvider: trace.getTracerProvider(),
 *   meterProvider: metrics.getMeterProvider(),
 * };
 * ```
 */
export interface InstrumentAuthwireOptions {
  /**
   * Where spans go.
   * @default the global tracer provider (`trace.getTracerProvider()`), looked up at every event: an
   *   SDK registered after the handler was made is used
   */
  tracerProvider?: TracerProvider;
  /**
   * Where metrics go.
   * @default the global meter provider (`metrics.getMeterProvider()`), looked up at every event: an
   *   SDK registered after the handler was made is used
   */
  meterProvider?: MeterProvider;
}

/** A clock-skew event waiting for the span of the renewal its token arrived in. */
interface PendingSkew {
  event: Extract<AuthEvent, { type: 'clock-skew' }>;
  /** The context the event was reported in: the fallback's parent. */
  context: Context;
  at: number;
}

/** Epoch ms on the clock OpenTelemetry's SDK times spans with (`performance`, not `Date`). */
const epochNow = () => performance.timeOrigin + performance.now();

/**
 * An `onEvent` handler that turns a provider's events into OpenTelemetry spans and metrics: a span
 * per renewal (`authwire.login`, `authwire.refresh`; a failure whose operation is unknown:
 * `authwire.renewal`), the counters `authwire.renewals`, `authwire.store.errors`,
 * `authwire.clock_skews` and `authwire.token.withheld`, and the histogram
 * `authwire.renewal.duration` (seconds). A clock skew becomes an `authwire.clock_skew` event on
 * the span of the renewal its token arrived in. Attributes carry provider names, operations,
 * outcomes, error codes and statuses: never a secret. Built on `@opentelemetry/api` alone: without
 * a registered SDK (or given providers) it does nothing, and it never throws.
 *
 * @param options - the tracer and meter providers (default: the global ones)
 * @returns the handler, for `TokenProviderOptions.onEvent` (with {@link combineHandlers} to keep your own)
 * @example
 * ```ts
 * import { instrumentAuthwire } from '@authwire/opentelemetry';
 * import { mastersIndia } from '@authwire/masters-india';
 *
 * // After the OpenTelemetry SDK is set up (e.g. NodeSDK.start()), or before: it is looked up per event.
 * const provider = mastersIndia(config, { onEvent: instrumentAuthwire() });
 * ```
 */
export function instrumentAuthwire(options: InstrumentAuthwireOptions = {}): (event: AuthEvent) => void {
  let tracing: { provider: TracerProvider; tracer: Tracer } | undefined;
  let metering: { provider: MeterProvider; instruments: Instruments } | undefined;
  let pendingSkews: PendingSkew[] = [];

  const tracer = (): Tracer => {
    const provider = options.tracerProvider ?? trace.getTracerProvider();
    if (tracing?.provider !== provider) tracing = { provider, tracer: provider.getTracer(SCOPE_NAME, version) };
    return tracing.tracer;
  };
  const instruments = (): Instruments => {
    const provider = options.meterProvider ?? metrics.getMeterProvider();
    if (metering?.provider !== provider) metering = { provider, instruments: createInstruments(provider) };
    return metering.instruments;
  };

  /** Takes the skews of `provider` still waiting for a renewal span. */
  const takeSkews = (provider: string): PendingSkew[] => {
    const taken = pendingSkews.filter((pending) => pending.event.provider === provider);
    if (taken.length > 0) pendingSkews = pendingSkews.filter((pending) => pending.event.provider !== provider);
    return taken;
  };

  function recordRenewal(renewal: Renewal): void {
    const attributes: Attributes = { [ATTR_PROVIDER]: renewal.provider };
    if (renewal.operation !== undefined) attributes[ATTR_OPERATION] = renewal.operation;
    attributes[ATTR_OUTCOME] = renewal.outcome;
    if (renewal.code !== undefined) attributes[ATTR_ERROR_TYPE] = renewal.code;
    if (renewal.fallbackFrom !== undefined) attributes[ATTR_FALLBACK_FROM] = renewal.fallbackFrom;
    const { renewals, renewalDuration } = instruments();
    renewals.add(1, attributes);
    renewalDuration.record(renewal.durationMs / 1000, attributes);

    const spanAttributes: Attributes = { ...attributes };
    if (renewal.status !== undefined) spanAttributes[ATTR_HTTP_STATUS] = renewal.status;
    if (renewal.serving !== undefined) spanAttributes[ATTR_SERVING_STALE] = renewal.serving;
    const end = epochNow();
    const name =
      renewal.operation === 'login' ? SPAN_LOGIN : renewal.operation === 'refresh' ? SPAN_REFRESH : SPAN_RENEWAL;
    const span = tracer().startSpan(name, {
      kind: SpanKind.INTERNAL,
      startTime: end - renewal.durationMs,
      attributes: spanAttributes,
    });
    for (const pending of takeSkews(renewal.provider)) span.addEvent(EVENT_CLOCK_SKEW, skewAttributes(pending), end);
    if (renewal.outcome === 'failure') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: renewal.message ?? renewal.code ?? 'renewal failed' });
    }
    span.end(end);
  }

  /**
   * Core reports a clock skew just before the renewal its token arrived in, in the same turn: that
   * renewal's span takes it in. One that is still waiting once the turn is over goes on the span
   * that was active where it was reported, or on a short span of its own.
   */
  function flushSkews(): void {
    const left = pendingSkews;
    pendingSkews = [];
    for (const pending of left) {
      const active = trace.getSpan(pending.context);
      if (active?.isRecording()) {
        active.addEvent(EVENT_CLOCK_SKEW, skewAttributes(pending), pending.at);
      } else {
        const span = tracer().startSpan(
          SPAN_CLOCK_SKEW,
          { kind: SpanKind.INTERNAL, startTime: pending.at, attributes: { [ATTR_PROVIDER]: pending.event.provider } },
          pending.context,
        );
        span.addEvent(EVENT_CLOCK_SKEW, skewAttributes(pending), pending.at);
        span.end(pending.at);
      }
    }
  }

  /** Adds an event to the span active where `onEvent` was called, if one records. */
  const onActiveSpan = (name: string, attributes: Attributes) => {
    const active = trace.getActiveSpan();
    if (active?.isRecording()) active.addEvent(name, attributes);
  };

  function handle(event: AuthEvent): void {
    switch (event.type) {
      case 'login':
      case 'refresh':
      case 'renewal-failed':
        recordRenewal(renewalOf(event));
        return;
      case 'store-error': {
        const attributes = { [ATTR_PROVIDER]: event.provider, [ATTR_STORE_OPERATION]: event.operation };
        instruments().storeErrors.add(1, attributes);
        onActiveSpan(EVENT_STORE_ERROR, attributes);
        return;
      }
      case 'clock-skew': {
        instruments().clockSkews.add(1, { [ATTR_PROVIDER]: event.provider });
        if (pendingSkews.length === 0) queueMicrotask(guarded(flushSkews));
        pendingSkews.push({ event, context: context.active(), at: epochNow() });
        return;
      }
      case 'token-withheld': {
        const attributes = { [ATTR_PROVIDER]: event.provider, ...originAttributes(event.origin) };
        instruments().tokenWithheld.add(1, attributes);
        onActiveSpan(EVENT_TOKEN_WITHHELD, attributes);
        return;
      }
      default:
        // An event type of a newer core: nothing to report.
        return;
    }
  }

  return guarded(handle);
}

/** Telemetry never fails its caller: a broken exporter or SDK is not the application's error. */
function guarded<A extends unknown[]>(run: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      run(...args);
    } catch {
      // Nothing to report it to: the telemetry pipeline is what failed.
    }
  };
}

function skewAttributes({ event }: PendingSkew): Attributes {
  return {
    [ATTR_PROVIDER]: event.provider,
    [ATTR_CLOCK_SKEW_MS]: event.receivedAt - event.claimedExpiresAt,
    [ATTR_ASSUMED_LIFETIME_MS]: event.expiresAt - event.receivedAt,
  };
}
