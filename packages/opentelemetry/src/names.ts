// The names this package exports telemetry under, in OpenTelemetry's semantic-convention style:
// dotted lower-case names, units in UCUM, counters without `_total` (a Prometheus exporter adds it).
// They are the package's contract with dashboards and alerts: README.md lists each of them.

/** The instrumentation scope: this package. */
export const SCOPE_NAME = '@authwire/opentelemetry';

export const SPAN_LOGIN = 'authwire.login';
export const SPAN_REFRESH = 'authwire.refresh';
/** A failed renewal whose event does not say whether a login or a refresh failed. */
export const SPAN_RENEWAL = 'authwire.renewal';
/** A clock skew that no renewal span took in (see `instrumentAuthwire`). */
export const SPAN_CLOCK_SKEW = 'authwire.clock_skew';

export const EVENT_CLOCK_SKEW = 'authwire.clock_skew';
export const EVENT_STORE_ERROR = 'authwire.store_error';
export const EVENT_TOKEN_WITHHELD = 'authwire.token_withheld';

export const ATTR_PROVIDER = 'authwire.provider';
/** `login` | `refresh`. */
export const ATTR_OPERATION = 'authwire.operation';
/** `success` | `failure`. */
export const ATTR_OUTCOME = 'authwire.outcome';
/** The `AuthError` code of a failure (semantic conventions' `error.type`). */
export const ATTR_ERROR_TYPE = 'error.type';
/** The code of the refresh failure a login replaced. */
export const ATTR_FALLBACK_FROM = 'authwire.fallback_from';
/** Whether a still-valid token keeps being served despite a failed renewal. */
export const ATTR_SERVING_STALE = 'authwire.serving_stale';
export const ATTR_HTTP_STATUS = 'http.response.status_code';
export const ATTR_STORE_OPERATION = 'authwire.store.operation';
/** How long before it arrived a token claimed to have expired, in ms. */
export const ATTR_CLOCK_SKEW_MS = 'authwire.clock_skew_ms';
/** The lifetime authwire gives such a token instead, in ms. */
export const ATTR_ASSUMED_LIFETIME_MS = 'authwire.token.assumed_lifetime_ms';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_URL_SCHEME = 'url.scheme';

export const METRIC_RENEWALS = 'authwire.renewals';
export const METRIC_RENEWAL_DURATION = 'authwire.renewal.duration';
export const METRIC_STORE_ERRORS = 'authwire.store.errors';
export const METRIC_CLOCK_SKEWS = 'authwire.clock_skews';
export const METRIC_TOKEN_WITHHELD = 'authwire.token.withheld';

/**
 * Bucket boundaries of `authwire.renewal.duration`, in seconds: a loopback login takes a few ms, a
 * provider on another continent a few hundred, a struggling one seconds, and core gives a renewal
 * 30 s (`renewalTimeoutMs`) before it fails.
 */
export const RENEWAL_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 20, 30,
] as const;
