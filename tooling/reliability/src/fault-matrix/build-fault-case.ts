import type { AuthErrorCode } from '@authwire/core';
import { type Fault, fakeJwt, type TokenServer } from '@authwire/testing';
import type { FaultCase, UpstreamCalls } from './fault-case.js';

/** One login request. */
export const ONE_LOGIN: UpstreamCalls = { login: 1, refresh: 0 };
/** One refresh request. */
export const ONE_REFRESH: UpstreamCalls = { login: 0, refresh: 1 };
/** A refresh, then the one login it falls back to. */
export const REFRESH_THEN_LOGIN: UpstreamCalls = { login: 1, refresh: 1 };

type Extra = Partial<Omit<FaultCase, 'name' | 'target' | 'fault' | 'expected'>>;

const single = (target: FaultCase['target']) => (target === 'login' ? ONE_LOGIN : ONE_REFRESH);

/** A row of `fields`, with its `fault` when it has one (a row without one runs against a healthy mock). */
function row(fields: Omit<FaultCase, 'fault'>, fault: FaultCase['fault']): FaultCase {
  const built: FaultCase = fields;
  if (fault !== undefined) built.fault = fault;
  return built;
}

/**
 * A row whose renewal fails with `code`: one upstream call of `target` (unless `extra.calls`
 * says otherwise), and, once healed, one call of the same operation.
 */
export function failing(
  target: FaultCase['target'],
  name: string,
  fault: FaultCase['fault'],
  code: AuthErrorCode,
  extra: Extra = {},
): FaultCase {
  const calls = single(target);
  return row({ name, target, expected: code, calls, recovers: true, recovery: calls, ...extra }, fault);
}

/** A row whose renewal succeeds by `target` itself; the next renewal (at expiry) refreshes. */
export function succeeding(
  target: FaultCase['target'],
  name: string,
  fault: FaultCase['fault'],
  extra: Extra = {},
): FaultCase {
  const expected = 'ok';
  return row({ name, target, expected, calls: single(target), recovers: true, recovery: ONE_REFRESH, ...extra }, fault);
}

/** A `refresh` row whose refresh fails with `code` and whose renewal succeeds by one login. */
export function fallingBack(
  name: string,
  fault: FaultCase['fault'],
  code: AuthErrorCode,
  extra: Extra = {},
): FaultCase {
  const fields = { name, target: 'refresh', expected: 'ok', fallbackFrom: code, calls: REFRESH_THEN_LOGIN } as const;
  return row({ ...fields, recovers: true, recovery: ONE_REFRESH, ...extra }, fault);
}

/**
 * A refused credential or request. Login: the renewal fails with `code` (`login` adds to the
 * row). Refresh: the refresh fails with `code` and one login follows (`refresh` adds to the row).
 */
export function refused(
  target: FaultCase['target'],
  name: string,
  fault: FaultCase['fault'],
  code: AuthErrorCode,
  login: Extra = {},
  refresh: Extra = {},
): FaultCase {
  return target === 'login' ? failing(target, name, fault, code, login) : fallingBack(name, fault, code, refresh);
}

/**
 * The row builder of token answers the adapter must refuse as they are (`UNEXPECTED_RESPONSE`,
 * HTTP 200): `issued(server, extra)` is the provider's token answer with `extra` fields over it.
 */
export function malformedAnswer(
  issued: (server: TokenServer, extra: Record<string, unknown>) => Record<string, unknown>,
): (target: FaultCase['target'], name: string, extra: Record<string, unknown>) => FaultCase {
  return (target, name, extra) =>
    refused(
      target,
      name,
      answer((server) => issued(server, extra)),
      'UNEXPECTED_RESPONSE',
      { status: 200 },
    );
}

/** A 429 whose `Retry-After` is an HTTP-date `seconds` after the server's clock. */
export function retryAfterDate(seconds: number): (server: TokenServer) => Fault {
  return (server) => ({
    type: 'status',
    status: 429,
    headers: { 'retry-after': new Date(server.now() + seconds * 1000).toUTCString() },
  });
}

/** A 200 answer, `body` built from the server's state, sent as JSON. */
export function answer(body: (server: TokenServer) => Record<string, unknown>): (server: TokenServer) => Fault {
  return (server) => ({ type: 'status', status: 200, body: body(server) });
}

/** A 200 answer whose JSON text is labelled with another media type. */
export function answerAs(
  contentType: string,
  body: (server: TokenServer) => Record<string, unknown>,
): (server: TokenServer) => Fault {
  return (server) => ({
    type: 'status',
    status: 200,
    body: JSON.stringify(body(server)),
    headers: { 'content-type': contentType },
  });
}

/** A JWT without an `exp` claim. */
export const jwtWithoutExp = (): string => fakeJwt({ token_type: 'access', user_id: 148, jti: 'no-exp' });

const base64url = (text: string) => btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** A JWT-shaped token whose payload decodes to text that is not JSON. */
export const jwtWithTextPayload = (): string =>
  `${base64url('{"typ":"JWT","alg":"HS256"}')}.${base64url('exp=4102444800; not json')}.c2lnbmF0dXJl`;

/** Every fault whose row reads the same for both adapters: transport and status trouble. */
export const faults = {
  status: (status: number, body?: unknown, headers?: Record<string, string>): Fault => {
    const fault: Fault = { type: 'status', status };
    if (body !== undefined) fault.body = body;
    if (headers !== undefined) fault.headers = headers;
    return fault;
  },
  html: (status: number): Fault => ({ type: 'html', status }),
  /** A redirect to a host no handler answers: following it would fail the request. */
  redirect: (status: number): Fault => ({
    type: 'status',
    status,
    headers: { location: 'https://collector.elsewhere.test/steal' },
  }),
  network: { type: 'network' } satisfies Fault,
  garbage: { type: 'garbage' } satisfies Fault,
  truncated: { type: 'truncated' } satisfies Fault,
  empty: { type: 'empty' } satisfies Fault,
  wrongTypes: { type: 'wrong-types' } satisfies Fault,
  htmlPage: {
    type: 'status',
    status: 200,
    body: '<!doctype html><html><body>Welcome</body></html>',
    headers: { 'content-type': 'text/html' },
  } satisfies Fault,
  /** Slower than the case's timeout: the `delay` fault waits, then answers normally. */
  slow: { type: 'delay', ms: 3000 } satisfies Fault,
  /** Headers at once, then a body that stops half-way and never ends. */
  stalledBody: { type: 'stalled-body' } satisfies Fault,
  /** Headers at once, then one byte every 50 ms for 3 s: each byte is quick, the whole is not. */
  trickledBody: { type: 'trickled-body', everyMs: 50, bytes: 60 } satisfies Fault,
};

/** Provider options of the "slower than the renewal timeout" rows. */
export const RENEWAL_TIMEOUT = { renewalTimeoutMs: 500 };
/** Provider options of the "slower than the request timeout" rows. */
export const REQUEST_TIMEOUT = { requestTimeoutMs: 300 };
/** Provider options of the rows that count retries. */
export const TWO_RETRIES = { retry: { limit: 2, backoffMs: 1 } };
/** Three calls: the first and two retries. */
export const THREE = (target: FaultCase['target']): UpstreamCalls =>
  target === 'login' ? { login: 3, refresh: 0 } : { login: 0, refresh: 3 };
