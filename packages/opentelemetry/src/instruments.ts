import type { Counter, Histogram, MeterProvider } from '@opentelemetry/api';
import { version } from '../package.json';
import {
  METRIC_CLOCK_SKEWS,
  METRIC_RENEWAL_DURATION,
  METRIC_RENEWALS,
  METRIC_STORE_ERRORS,
  METRIC_TOKEN_WITHHELD,
  RENEWAL_DURATION_BUCKETS,
  SCOPE_NAME,
} from './names.js';

/** The metric instruments of one meter provider. */
export interface Instruments {
  renewals: Counter;
  renewalDuration: Histogram;
  storeErrors: Counter;
  clockSkews: Counter;
  tokenWithheld: Counter;
}

/** Creates this package's instruments on `meterProvider`. */
export function createInstruments(meterProvider: MeterProvider): Instruments {
  const meter = meterProvider.getMeter(SCOPE_NAME, version);
  return {
    renewals: meter.createCounter(METRIC_RENEWALS, {
      description: 'Token renewals (logins and refreshes) by provider, operation and outcome.',
      unit: '{renewal}',
    }),
    renewalDuration: meter.createHistogram(METRIC_RENEWAL_DURATION, {
      description: 'How long token renewals took, from the first upstream call to the token (or the failure).',
      unit: 's',
      advice: { explicitBucketBoundaries: [...RENEWAL_DURATION_BUCKETS] },
    }),
    storeErrors: meter.createCounter(METRIC_STORE_ERRORS, {
      description: 'Token store calls that failed, timed out or answered garbage (each was bypassed).',
      unit: '{error}',
    }),
    clockSkews: meter.createCounter(METRIC_CLOCK_SKEWS, {
      description: 'Tokens that looked expired on arrival (server and local clocks disagree) and were used anyway.',
      unit: '{skew}',
    }),
    tokenWithheld: meter.createCounter(METRIC_TOKEN_WITHHELD, {
      description: "Origins a binding sent requests to without the token, as they are not among the binding's origins.",
      unit: '{origin}',
    }),
  };
}
