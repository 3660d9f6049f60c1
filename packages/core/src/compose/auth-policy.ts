import { EMIT, PEEK, type Peeked } from '../engine/create-token-provider.js';
import type { AuthEvent } from '../types/events.js';
import type { AccessToken, TokenProvider } from '../types/token.js';
import { type SentRequest, sentRecords } from './sent-records.js';
import { headerValueOf } from './token-header.js';

/**
 * A request's headers as a client holds them: a `Headers`, an array of `[name, value]` pairs, or
 * an object of names (a plain object, axios's `AxiosHeaders`), where a value `undefined`, `null`
 * or `false` means "not set" (axios's convention).
 *
 * @example
 * ```ts
 * import { authPolicy } from '@authwire/core';
 *
 * const policy = authPolicy(provider, {});
 * const url = 'https://api-platform.mastersindia.co/api/v1/x/';
 * policy.allows(url, new Headers({ accept: 'application/json' })); // true
 * policy.allows(url, [['Authorization', 'Basic dTpw']]); // false: a credential of its own
 * policy.allows(url, { AUTHORIZATION: 'Basic dTpw' }); // false, in any case
 * ```
 */
export type HeaderSource = Headers | readonly (readonly [string, string])[] | { readonly [name: string]: unknown };

/**
 * What every client binding decides alike (DESIGN.md → Composition), for one provider and the
 * options of one binding: the one mechanism behind `withAuth`, `authHooks`, `authMiddleware` and
 * `@authwire/axios`. A binding only translates its client's request and response to it.
 *
 * @example
 * ```ts
 * import { type AuthPolicy, authPolicy } from '@authwire/core';
 *
 * const policy: AuthPolicy = authPolicy(provider, {});
 * const headers: Record<string, string> = { accept: 'application/json' };
 * if (policy.allows('https://api-platform.mastersindia.co/api/v1/x/', headers)) {
 *   const value = policy.headerValue(null); // a string when the token is fresh: no await
 *   headers[policy.headerName] = typeof value === 'string' ? value : await value;
 * }
 * ```
 */
export interface AuthPolicy {
  /** The header the token goes in (`provider.headerName`). */
  readonly headerName: string;
  /**
   * Whether a request to `url` with `headers` may carry the token: its origin is allowed and it
   * carries no credential header of its own (`authorization` or the provider's header, in any
   * case). A request refused for its origin is reported once per origin (`token-withheld`), so
   * that `localhost` vs `127.0.0.1` is never silent.
   */
  allows(url: string, headers?: HeaderSource): boolean;
  /** Whether `url`'s origin is allowed: nothing reported, headers not looked at. */
  allowsOrigin(url: string): boolean;
  /**
   * The header value to set: a string at once when the provider can serve a token synchronously (a
   * fresh one, or a stale one while its renewal runs in the background), else a promise of it
   * (`provider.getToken`, with `signal`). A binding awaits only the promise, so a fresh token costs
   * no `await`.
   */
  headerValue(signal?: AbortSignal | null): string | Promise<string>;
  /**
   * Whether `response` says that the token it was sent with was rejected — the provider's
   * `isTokenRejected` (or `retryStatuses`, when the binding was given them) — answered by an
   * allowed origin (a 401 after a redirect to another origin, which got no token, says nothing
   * about the token and must not make us throw it away). A status below 400 is never a rejection
   * and is answered at once, without asking the provider; the provider's answer may be a promise.
   */
  rejects(response: Response): boolean | Promise<boolean>;
  /**
   * Whether a response with `status` can say that the token was rejected at all (400 or more): a
   * binding whose client does not answer with a fetch `Response` (axios) asks this before
   * building one for {@link AuthPolicy.rejects}.
   */
  mayReject(status: number): boolean;
  /**
   * Records on `carrier` — an object the client hands both sides of one call (ky's `context`,
   * axios's request config, openapi-fetch's `Request`) — that the binding set `header` on the
   * call's request, with what a replay needs (`spare`: a copy of the body; `oneShot`: a body that
   * can be read once only). A call without body allocates nothing. `header` `undefined` clears the
   * record (the call was replayed once and never will be again).
   */
  mark(carrier: object, header: string | undefined, spare?: unknown, oneShot?: boolean): void;
  /**
   * What {@link AuthPolicy.mark} recorded on `carrier`, or `undefined`: the binding set nothing on
   * this call. The header is the binding's own only if the request still carries that very value
   * (a caller's own credential is never the binding's to invalidate or replace).
   */
  marked(carrier: object): SentRequest | undefined;
  /**
   * After a rejection: invalidates `rejected` (generation-checked: a newer token stays) and gets
   * the next token, or `undefined` when the provider hands out the same one again (a replay
   * would be refused too).
   */
  renew(rejected: AccessToken, signal: AbortSignal | null): Promise<AccessToken | undefined>;
}

/**
 * The options an {@link AuthPolicy} is built from: those every binding takes.
 *
 * @example
 * ```ts
 * import type { AuthPolicyOptions } from '@authwire/core';
 *
 * const options: AuthPolicyOptions = { origins: ['https://api.example.com'], retryStatuses: [401, 403] };
 * ```
 */
export interface AuthPolicyOptions {
  /**
   * The origins that receive the token.
   * @default provider.origins
   */
  origins?: readonly string[];
  /**
   * Statuses that mean "this token was rejected", instead of the provider's own `isTokenRejected`.
   * @default provider.isTokenRejected
   */
  retryStatuses?: readonly number[];
}

/** How many distinct withheld origins one binding reports: enough to see a mistake, bounded. */
const MAX_WITHHELD_ORIGINS = 100;

/** The origin of `url`, or `undefined` when it has none. */
function originOf(url: string, base?: string): string | undefined {
  try {
    return new URL(url, base).origin;
  } catch {
    return undefined;
  }
}

/** Whether `url`, resolved against `base`, has one of `origins`. */
function hasOrigin(origins: ReadonlySet<string>, url: string, base?: string): boolean {
  const origin = originOf(url, base);
  return origin !== undefined && origins.has(origin);
}

/** Whether `url` starts with one of `prefixes` (a loop: no closure per request). */
function startsWithAny(url: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (url.startsWith(prefix)) return true;
  return false;
}

/** The credential header names of one binding, lower-case. */
function isCredential(name: string, headerName: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'authorization' || lower === headerName;
}

/** Whether `headers` carry a credential of their own, whatever form the client holds them in. */
function hasCredential(headers: HeaderSource | undefined, headerName: string): boolean {
  if (headers === undefined || headers === null) return false;
  if (headers instanceof Headers) return headers.has('authorization') || headers.has(headerName);
  if (Array.isArray(headers)) {
    for (const pair of headers as readonly (readonly [string, string])[])
      if (isCredential(pair[0], headerName)) return true;
    return false;
  }
  const record = headers as { readonly [name: string]: unknown };
  for (const name in record) {
    const value = record[name];
    if (
      value !== undefined &&
      value !== null &&
      value !== false &&
      isCredential(name, headerName) &&
      Object.hasOwn(record, name)
    )
      return true;
  }
  return false;
}

/**
 * Whether a response with `status` can mean a rejected token: a success or a redirect never does
 * (the server took the request), whatever the provider's `isTokenRejected` or `retryStatuses`.
 */
const mayReject = (status: number) => status >= 400;

/**
 * The decisions of one binding: `options.origins` (default `provider.origins`) and
 * `options.retryStatuses` (default: the provider's `isTokenRejected`). For authors of client
 * bindings; applications use `withAuth`, `authHooks`, `authMiddleware` or `authAxios`.
 *
 * @param provider - the token provider
 * @param options - the binding's origins and rejection statuses
 * @returns the binding's decisions; `token-withheld` is reported once per origin per policy
 * @example
 * ```ts
 * import { authPolicy } from '@authwire/core';
 *
 * const policy = authPolicy(provider, { origins: provider.origins });
 * const rejected = await policy.rejects(new Response(null, { status: 401 }));
 * ```
 */
export function authPolicy(provider: TokenProvider, options: AuthPolicyOptions): AuthPolicy {
  return { ...decisions(provider, options), ...sentRecords() };
}

/** What a binding decides without keeping records of its calls: all `withAuth` needs (its calls are its own). */
export type Decisions = Omit<AuthPolicy, 'mark' | 'marked'>;

/** {@link authPolicy} without the per-call records: so that `withAuth` does not carry their code. */
export function decisions(provider: TokenProvider, options: AuthPolicyOptions): Decisions {
  const origins = new Set(options.origins ?? provider.origins);
  const retryStatuses = options.retryStatuses;
  const headerName = provider.headerName ?? 'authorization';
  const emit = (provider as { [EMIT]?: (event: AuthEvent) => void })[EMIT];
  const withheld = new Set<string>();
  // The common case, an absolute URL of an allowed origin, is matched without parsing; anything
  // else (other case, port spelled out, relative URL) is parsed: a miss only costs time.
  const prefixes = [...origins].map((origin) => `${origin}/`);
  const hasOwnCredential = (headers: HeaderSource | undefined) => hasCredential(headers, headerName);
  const peek = (provider as { [PEEK]?: (signal?: AbortSignal | null) => Peeked | undefined })[PEEK];
  const fromProvider = async (signal: AbortSignal | null | undefined) =>
    headerValueOf(await provider.getToken(signal ? { signal } : undefined));
  const rejectedByProvider = (response: Response) =>
    retryStatuses === undefined ? provider.isTokenRejected(response) : retryStatuses.includes(response.status);
  const allowsOrigin = (url: string) =>
    startsWithAny(url, prefixes) || hasOrigin(origins, url, globalThis.location?.href);
  return {
    headerName,
    allowsOrigin,
    allows(url, headers) {
      if (startsWithAny(url, prefixes)) return !hasOwnCredential(headers);
      // Parsed once: the origin decides, and a refused one is what the event reports.
      const origin = originOf(url, globalThis.location?.href);
      if (origin !== undefined && origins.has(origin)) return !hasOwnCredential(headers);
      if (origin !== undefined && !withheld.has(origin) && withheld.size < MAX_WITHHELD_ORIGINS) {
        withheld.add(origin);
        emit?.({ type: 'token-withheld', provider: provider.name, origin });
      }
      return false;
    },
    headerValue(signal) {
      const peeked = peek?.call(provider, signal);
      return peeked === undefined ? fromProvider(signal) : peeked.header;
    },
    rejects(response) {
      if (!mayReject(response.status) || (response.redirected && !hasOrigin(origins, response.url))) return false;
      return rejectedByProvider(response);
    },
    mayReject,
    async renew(rejected, signal) {
      await provider.invalidate(rejected);
      const next = await provider.getToken(signal ? { signal } : undefined);
      return next.value === rejected.value ? undefined : next;
    },
  };
}

/** Releases a response we will not read. Not awaited: cancellation may never settle (tee'd bodies). */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * Whether a request body can be read once only — a web `ReadableStream`, a Node `Readable` or any
 * async iterable: sent again, it would be empty or throw, so it is never replayed.
 */
export function isOneShot(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    ((typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) || Symbol.asyncIterator in body)
  );
}
