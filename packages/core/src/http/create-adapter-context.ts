import ky, { type KyInstance } from 'ky';
import { type GenericSchema, type InferOutput, safeParse } from 'valibot';
import { isHeaderName, isHeaderValue } from '../config/headers.js';
import { AuthError } from '../errors/auth-error.js';
import type { AuthErrorCode } from '../errors/codes.js';
import type { Redactor } from '../errors/redactor.js';
import { safeCause } from '../errors/safe-cause.js';
import type { AdapterContext, TokenRequest, TokenResponse } from '../types/adapter.js';
import { describeIssues } from './describe-issues.js';
import { describeNetworkError } from './describe-network-error.js';
import { AttemptTimeoutError, fetchAttempt, ResponseCutOffError } from './fetch-attempt.js';
import { parseRetryAfter } from './retry-after.js';
import { codeForStatus } from './status-code.js';

const RETRY_STATUSES = [502, 503, 504];

// Header names whose values are credentials (`Authorization: Basic <id:secret>`, API keys,
// cookies): redacted like a body, whole and without their scheme. Other headers (`Productid`)
// stay readable in messages.
const CREDENTIAL_HEADER = /^(?:(?:proxy-)?authorization|cookie|.*(?:api[-_]?key|token|secret|session).*)$/i;

/** The credential values among a token request's headers, each whole and after its scheme. */
function credentialHeaders(headers: TokenRequest['headers']): string[] {
  if (typeof headers !== 'object' || headers === null) return [];
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers as Record<string, unknown>);
  return entries.flatMap(([name, value]) => {
    if (typeof value !== 'string' || !CREDENTIAL_HEADER.test(name)) return [];
    const credential = value.replace(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+ +/, '');
    return credential === value ? [value] : [value, credential];
  });
}

/** What the engine hands over to build the context of one renewal attempt. */
export interface ContextSettings {
  provider: string;
  fetch: typeof fetch | undefined;
  now: () => number;
  requestTimeoutMs: number;
  retryLimit: number;
  backoffMs: number;
}

/**
 * Builds the ky instance of a provider: its fetch, one deadline per attempt over sending, headers
 * and the whole body (ky's own timeout stops at the headers), and POST retry on network errors,
 * timed-out attempts and 502/503/504.
 */
export function createHttp(settings: ContextSettings): KyInstance {
  return ky.create({
    // Resolved per call so that a fetch patched after creation (msw, tests) is used.
    fetch: (input, init) => fetchAttempt(settings.fetch ?? globalThis.fetch, input, init, settings.requestTimeoutMs),
    timeout: false,
    throwHttpErrors: (status) => RETRY_STATUSES.includes(status),
    retry: {
      limit: settings.retryLimit,
      methods: ['post', 'get'],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: [],
      delay: (attempt) => settings.backoffMs * 2 ** (attempt - 1),
    },
  });
}

function clockOffset(headers: Headers, receivedAt: number): number {
  const date = headers.get('date');
  const serverTime = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(serverTime)) return 0;
  const offset = serverTime - receivedAt;
  // `Date` has one-second resolution: smaller differences are noise, not skew.
  return Math.abs(offset) < 2000 ? 0 : offset;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A text quoted from a provider or a transport is cut to this length, after redaction. */
const MAX_DETAIL = 600;

/** Redacts first (a secret must be found as it was echoed), then normalises and caps. */
function quote(text: string, redactor: Redactor): string {
  const out = redactor.redact(text).replace(/\s+/g, ' ').trim();
  return out.length > MAX_DETAIL ? `${out.slice(0, MAX_DETAIL)}…` : out;
}

/** The first header of `headers` that `fetch` cannot send, described without its value. */
function invalidHeader(headers: TokenRequest['headers'], redactor: Redactor): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!isHeaderName(name)) return `header name ${JSON.stringify(quote(name, redactor))} is not valid`;
    if (typeof value !== 'string' || !isHeaderValue(value)) {
      return `headers.${name} must be Latin-1 text without line breaks or control characters`;
    }
  }
  return undefined;
}

/**
 * Builds the {@link AdapterContext} of one renewal attempt. `redactor` holds the secrets the
 * attempt has before it sends anything (the adapter's declared secrets, the token being renewed,
 * its refresh token); every string the adapter sends in a body (password, refresh token) joins
 * them. None of them can reach a message or a cause through this context, whatever the provider
 * or the transport echoes.
 */
export function createAdapterContext(
  settings: ContextSettings,
  http: () => KyInstance,
  signal: AbortSignal,
  redactor: Redactor,
  operation: 'login' | 'refresh',
): AdapterContext {
  const { provider, now } = settings;
  const fail = (
    code: AuthErrorCode,
    message: string,
    extra: { status?: number; cause?: unknown; retryAfterMs?: number } = {},
  ) => new AuthError(code, `${provider}: ${message}`, { provider, ...extra });

  /** A request that got no complete answer: what happened, in the message and the cause, redacted. */
  const transportError = (error: unknown): AuthError => {
    const cause = safeCause(error, redactor.redact);
    if (error instanceof AttemptTimeoutError) return fail('PROVIDER_UNAVAILABLE', error.message, { cause });
    if (signal.aborted || (error as Error | undefined)?.name === 'TimeoutError') {
      return fail('PROVIDER_UNAVAILABLE', 'token request timed out', { cause });
    }
    if (error instanceof ResponseCutOffError) {
      const reason = quote(describeNetworkError(error.cause), redactor);
      return fail('PROVIDER_UNAVAILABLE', `token response was cut off: ${reason}`, { status: error.status, cause });
    }
    const reason = quote(describeNetworkError(error), redactor);
    return fail('PROVIDER_UNAVAILABLE', `token request failed: ${reason}`, { cause });
  };

  return {
    signal,

    async request(url: string, init: TokenRequest): Promise<TokenResponse> {
      const sentAt = now();
      // Collected first: a transport error may quote the body it failed to send.
      redactor.add(init.json);
      redactor.add(init.form);
      redactor.add(credentialHeaders(init.headers));
      // A header fetch cannot send is the config's fault, not a network error.
      const invalid = invalidHeader(init.headers, redactor);
      if (invalid !== undefined) throw fail('CONFIG_INVALID', `invalid token request header: ${invalid}`);
      let headers: Headers;
      try {
        headers = new Headers(init.headers);
      } catch {
        throw fail('CONFIG_INVALID', 'invalid token request headers: expected an object of header names to strings');
      }
      // Header names are case-insensitive: defaults apply only where the adapter set none.
      const byDefault = (name: string, value: string) => {
        if (!headers.has(name)) headers.set(name, value);
      };
      byDefault('accept', 'application/json');
      let body: string | undefined;
      if (init.form) {
        body = new URLSearchParams(init.form).toString();
        byDefault('content-type', 'application/x-www-form-urlencoded');
      } else if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        byDefault('content-type', 'application/json');
      }
      let response: Response;
      try {
        // Never follow a redirect: a 307/308 would send the password or refresh token in the body
        // again, to wherever `Location` points. The 3xx (status 0 in browsers) reaches the adapter,
        // which reports it as UNEXPECTED_RESPONSE.
        response = await http()(url, {
          method: init.method ?? 'POST',
          headers,
          body: body ?? null,
          signal,
          redirect: 'manual',
        });
      } catch (error) {
        const httpResponse = (error as { response?: unknown }).response;
        if (!(httpResponse instanceof Response)) throw transportError(error);
        response = httpResponse;
      }
      let text: string;
      try {
        // Already read whole, within the attempt's deadline: this cannot wait on the network.
        text = await response.text();
      } catch (error) {
        throw transportError(new ResponseCutOffError(response.status, error));
      }
      const receivedAt = now();
      return {
        status: response.status,
        headers: response.headers,
        body: parseJson(text),
        sentAt,
        receivedAt,
        clockOffsetMs: clockOffset(response.headers, receivedAt),
      };
    },

    httpError(res, options = {}) {
      const code = options.code ?? codeForStatus(res.status);
      // An HTTP date in `Retry-After` is a server timestamp: it is read on the server's clock.
      const retryAfterMs =
        code === 'RATE_LIMITED'
          ? parseRetryAfter(res.headers.get('retry-after'), now() + res.clockOffsetMs)
          : undefined;
      // A provider may echo what it was sent, or a token, in what the adapter quotes from it.
      const detail = options.detail ? `: ${quote(options.detail, redactor)}` : '';
      return fail(code, `${operation} failed with HTTP ${res.status}${detail}`, {
        status: res.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    },

    parse<S extends GenericSchema>(schema: S, res: TokenResponse): InferOutput<S> {
      if (res.body === undefined) {
        throw fail('UNEXPECTED_RESPONSE', `${operation} answered HTTP ${res.status} without a JSON body`, {
          status: res.status,
        });
      }
      const result = safeParse(schema, res.body);
      if (!result.success) {
        const issues = describeIssues(result.issues);
        throw fail('UNEXPECTED_RESPONSE', `${operation} response does not match the expected shape (${issues})`, {
          status: res.status,
          cause: new Error(issues),
        });
      }
      return result.output;
    },
  };
}
