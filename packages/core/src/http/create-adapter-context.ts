import ky, { type KyInstance } from 'ky';
import { type GenericSchema, type InferOutput, safeParse } from 'valibot';
import { AuthError } from '../errors/auth-error.js';
import type { AuthErrorCode } from '../errors/codes.js';
import { safeCause } from '../errors/safe-cause.js';
import type { AdapterContext, TokenRequest, TokenResponse } from '../types/adapter.js';
import type { AuthEvent } from '../types/events.js';
import { describeIssues } from './describe-issues.js';
import { parseRetryAfter } from './retry-after.js';
import { codeForStatus } from './status-code.js';

const RETRY_STATUSES = [502, 503, 504];
// A JWT (or what is left of one after truncation): `eyJ…` (base64url of `{"`) and a dot.
const JWT = /eyJ[\w-]{2,}(?:\.[\w-]*)+/g;

/** What the engine hands over to build the context of one renewal attempt. */
export interface ContextSettings {
  provider: string;
  fetch: typeof fetch | undefined;
  now: () => number;
  emit: (event: AuthEvent) => void;
  requestTimeoutMs: number;
  retryLimit: number;
  backoffMs: number;
}

/** Builds the ky instance of a provider: its fetch, per-attempt timeout and POST retry. */
export function createHttp(settings: ContextSettings): KyInstance {
  return ky.create({
    // Resolved per call so that a fetch patched after creation (msw, tests) is used.
    fetch: (input, init) => (settings.fetch ?? globalThis.fetch)(input, init),
    timeout: settings.requestTimeoutMs,
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

/** A detail quoted from a provider is cut to this length, after redaction. */
const MAX_DETAIL = 600;

/** Every string in a request body (JSON leaves, form values): what the provider may echo back. */
function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value !== '') into.add(value);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectStrings(item, into);
  }
}

/**
 * Builds the {@link AdapterContext} of one renewal attempt. `known` are secrets the attempt holds
 * before it sends anything (the token being renewed, its refresh token); every string the adapter
 * sends in a body (password, refresh token) joins them. None of them can reach a message through
 * `httpError`, whatever the provider echoes.
 */
export function createAdapterContext(
  settings: ContextSettings,
  http: () => KyInstance,
  signal: AbortSignal,
  known: readonly (string | undefined)[] = [],
): AdapterContext {
  const { provider, now } = settings;
  const secrets = new Set<string>();
  for (const secret of known) collectStrings(secret, secrets);
  const redact = (text: string) => {
    let out = text;
    // Longest first, so that a secret containing another is cut whole.
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
    out = out.replace(JWT, '[redacted]');
    return out.length > MAX_DETAIL ? `${out.slice(0, MAX_DETAIL)}…` : out;
  };
  const fail = (
    code: AuthErrorCode,
    message: string,
    extra: { status?: number; cause?: unknown; retryAfterMs?: number } = {},
  ) => new AuthError(code, `${provider}: ${message}`, { provider, ...extra });

  return {
    get http() {
      return http();
    },
    now,
    signal,
    emit: settings.emit,

    async request(url: string, init: TokenRequest): Promise<TokenResponse> {
      const sentAt = now();
      // Header names are case-insensitive: defaults apply only where the adapter set none.
      const headers = new Headers(init.headers);
      const byDefault = (name: string, value: string) => {
        if (!headers.has(name)) headers.set(name, value);
      };
      byDefault('accept', 'application/json');
      collectStrings(init.json, secrets);
      collectStrings(init.form, secrets);
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
        if (httpResponse instanceof Response) {
          response = httpResponse;
        } else {
          const timedOut = signal.aborted || (error as Error | undefined)?.name === 'TimeoutError';
          throw fail(
            'PROVIDER_UNAVAILABLE',
            timedOut ? 'token request timed out' : 'token request failed: network error',
            {
              cause: safeCause(error),
            },
          );
        }
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw fail('PROVIDER_UNAVAILABLE', 'token response was cut off', {
          status: response.status,
          cause: safeCause(error),
        });
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

    httpError(res, operation, options = {}) {
      const code = options.code ?? codeForStatus(res.status);
      const retryAfterMs = code === 'RATE_LIMITED' ? parseRetryAfter(res.headers.get('retry-after'), now()) : undefined;
      // A provider may echo what it was sent, or a token, in what the adapter quotes from it.
      const detail = options.detail ? `: ${redact(options.detail)}` : '';
      return fail(code, `${operation} failed with HTTP ${res.status}${detail}`, {
        status: res.status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    },

    parse<S extends GenericSchema>(schema: S, res: TokenResponse, operation: 'login' | 'refresh'): InferOutput<S> {
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
