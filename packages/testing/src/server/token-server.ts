import { fakeJwt } from './fake-jwt.js';
import { type Fault, faultResponse } from './faults.js';

/**
 * Options shared by every provider mock (msw handlers and the emulator).
 *
 * @example
 * ```ts
 * import { fakeClock, mastersIndiaHandlers } from '@authwire/testing';
 *
 * const clock = fakeClock();
 * mastersIndiaHandlers({ accessLifetimeMs: 60_000, now: clock.now, clockOffsetMs: -3_600_000 });
 * ```
 */
export interface TokenServerOptions {
  /** @default 'demo@example.com' */
  username?: string;
  /** @default 'demo-password' */
  password?: string;
  /** Lifetime of an access token. Provider mocks pick their documented default. */
  accessLifetimeMs?: number;
  /** Lifetime of a refresh token. Provider mocks pick their documented default. */
  refreshLifetimeMs?: number;
  /**
   * The clock the test runs on; the server's clock is `now() + clockOffsetMs`.
   * @default Date.now
   */
  now?: () => number;
  /**
   * How far the server's clock is ahead of `now()` (negative: behind). Shows in JWT `exp`,
   * `iat` and the `Date` header.
   * @default 0
   */
  clockOffsetMs?: number;
  /**
   * Send a `Date` header with token responses.
   * @default true
   */
  sendDate?: boolean;
}

/** A token pair the server has issued. */
export interface IssuedTokens {
  access: string;
  refresh: string;
  /** Server-clock epoch ms. */
  accessExpiresAt: number;
  /** Server-clock epoch ms. */
  refreshExpiresAt: number;
}

/**
 * Upstream calls the mock has answered, by operation.
 *
 * @example
 * ```ts
 * import type { CallCounts } from '@authwire/testing';
 *
 * const calls: CallCounts = { login: 1, refresh: 0, api: 2, apiRejected: 1 };
 * ```
 */
export interface CallCounts {
  login: number;
  refresh: number;
  /** Calls to the protected sample endpoint. */
  api: number;
  /** Of those, the ones refused with 401. */
  apiRejected: number;
}

/** The token operations a mock can fail on purpose. */
export type FaultTarget = 'login' | 'refresh' | 'api';

/**
 * A token request as a mock received it, for tests that pin the wire format.
 *
 * @example
 * ```ts
 * import { unionServiceHandlers } from '@authwire/testing';
 *
 * const mock = unionServiceHandlers();
 * const [first] = mock.server.requests; // after a login: { operation: 'login', method: 'POST', … }
 * ```
 */
export interface ReceivedTokenRequest {
  operation: 'login' | 'refresh';
  method: string;
  /** The full URL, query included. */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed body: JSON, or the fields of a form; the raw text when neither parses. */
  body: unknown;
}

/** What {@link TokenServer.receive} hands a token handler: the request's fields, or an answer already made. */
export type Received = { response: Response } | { fields: Record<string, unknown>; body: unknown };

/** What a refresh attempt found. */
export type RefreshOutcome =
  | { ok: true; tokens: IssuedTokens }
  | { ok: false; reason: 'unknown' | 'reused' | 'expired' };

/**
 * The provider-independent state behind every mock: credentials, issued tokens with their
 * expiries on the server's clock, rotation, revocation, call counters and injected faults.
 * Each provider's handlers only translate it to their wire format.
 */
export class TokenServer {
  readonly calls: CallCounts = { login: 0, refresh: 0, api: 0, apiRejected: 0 };
  /** Every token operation in order, for logs and demos. */
  readonly log: { at: number; operation: FaultTarget; status: number }[] = [];
  /** Every token request received, in order (faulted ones included). */
  readonly requests: ReceivedTokenRequest[] = [];
  username: string;
  password: string;
  accessLifetimeMs: number;
  refreshLifetimeMs: number;
  clockOffsetMs: number;
  sendDate: boolean;
  private readonly clock: () => number;
  private readonly access = new Map<string, number>();
  private readonly refreshTokens = new Map<string, { expiresAt: number; used: boolean; subject: string }>();
  private readonly faults = new Map<FaultTarget, { fault: Fault; remaining: number }>();
  private serial = 0;

  constructor(options: TokenServerOptions, defaults: { accessLifetimeMs: number; refreshLifetimeMs: number }) {
    this.username = options.username ?? 'demo@example.com';
    this.password = options.password ?? 'demo-password';
    this.accessLifetimeMs = options.accessLifetimeMs ?? defaults.accessLifetimeMs;
    this.refreshLifetimeMs = options.refreshLifetimeMs ?? defaults.refreshLifetimeMs;
    this.clockOffsetMs = options.clockOffsetMs ?? 0;
    this.sendDate = options.sendDate ?? true;
    this.clock = options.now ?? Date.now;
  }

  /** The server's clock. */
  now(): number {
    return this.clock() + this.clockOffsetMs;
  }

  /** Headers every token response carries (`Date` on the server's clock). */
  dateHeaders(): Record<string, string> {
    return this.sendDate ? { date: new Date(this.now()).toUTCString() } : {};
  }

  /** Fails the next `times` calls of `target` with `fault` (all of them when omitted). */
  fail(target: FaultTarget, fault: Fault, times = Number.POSITIVE_INFINITY): void {
    this.faults.set(target, { fault, remaining: times });
  }

  /** Clears every injected fault. */
  heal(): void {
    this.faults.clear();
  }

  /** Takes the fault due for this call of `target`, if any. */
  takeFault(target: FaultTarget): Fault | undefined {
    const entry = this.faults.get(target);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults.delete(target);
    return entry.fault;
  }

  /** Counts a call and records it in the log. */
  record(operation: FaultTarget, status: number): void {
    if (operation === 'api') {
      this.calls.api += 1;
      if (status === 401) this.calls.apiRejected += 1;
    } else {
      this.calls[operation] += 1;
    }
    this.log.push({ at: this.clock(), operation, status });
  }

  /**
   * The first steps of every token handler: reads the body (JSON, or a url-encoded / multipart
   * form), logs the request, and answers with the injected fault if one is due.
   */
  async receive(operation: 'login' | 'refresh', request: Request): Promise<Received> {
    const type = request.headers.get('content-type') ?? '';
    let body: unknown;
    if (type.includes('form')) {
      body = await request.formData().then(
        (form) => Object.fromEntries(form),
        () => undefined,
      );
    } else {
      const text = await request.text();
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    this.requests.push({
      operation,
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
    });
    const faulty = await faultResponse(this.takeFault(operation), this.dateHeaders());
    if (faulty) return { response: this.finish(operation, faulty) };
    const fields =
      typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    return { fields, body };
  }

  /** Records the status of a token answer and returns it. */
  finish(operation: FaultTarget, response: Response): Response {
    this.record(operation, response.status);
    return response;
  }

  /** The names among `required` that are absent or not a non-empty string in `fields`. */
  missing(fields: Record<string, unknown>, required: readonly string[]): string[] {
    return required.filter((name) => typeof fields[name] !== 'string' || fields[name] === '');
  }

  /** Whether these credentials log in. */
  checkCredentials(username: unknown, password: unknown): boolean {
    return username === this.username && password === this.password;
  }

  /** Issues a new pair for `subject`. */
  issue(subject = this.username): IssuedTokens {
    this.serial += 1;
    const now = this.now();
    const accessExpiresAt = now + this.accessLifetimeMs;
    const refreshExpiresAt = now + this.refreshLifetimeMs;
    const jti = `${this.serial.toString(16).padStart(8, '0')}${Math.random().toString(16).slice(2, 10)}`;
    const claims = { user_id: 148, username: subject, email: subject, iat: Math.floor(now / 1000) };
    const refresh = fakeJwt({
      token_type: 'refresh',
      exp: Math.floor(refreshExpiresAt / 1000),
      jti: `r${jti}`,
      ...claims,
    });
    const access = fakeJwt({
      token_type: 'access',
      exp: Math.floor(accessExpiresAt / 1000),
      jti: `a${jti}`,
      refresh_jti: `r${jti}`,
      ...claims,
    });
    this.access.set(access, accessExpiresAt);
    this.refreshTokens.set(refresh, { expiresAt: refreshExpiresAt, used: false, subject });
    return { access, refresh, accessExpiresAt, refreshExpiresAt };
  }

  /**
   * Exchanges a refresh token for a new pair. With `rotate` (the default) the old refresh token
   * is spent: using it again fails with `reused`. Access tokens issued before stay valid until
   * they expire or `revokeAccessTokens()`.
   */
  refresh(refreshToken: unknown, rotate = true): RefreshOutcome {
    const entry = typeof refreshToken === 'string' ? this.refreshTokens.get(refreshToken) : undefined;
    if (entry === undefined) return { ok: false, reason: 'unknown' };
    if (entry.used) return { ok: false, reason: 'reused' };
    if (this.now() >= entry.expiresAt) return { ok: false, reason: 'expired' };
    entry.used = rotate;
    return { ok: true, tokens: this.issue(entry.subject) };
  }

  /** Whether `token` is a live access token. */
  accepts(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiresAt = this.access.get(token);
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  /** Accepts an access token the server did not issue (e.g. a document's sample) until `expiresAt` (server clock). */
  adopt(access: string, expiresAt = Number.POSITIVE_INFINITY): void {
    this.access.set(access, expiresAt);
  }

  /** Revokes every access token issued so far: the protected endpoint refuses them (401). */
  revokeAccessTokens(): void {
    this.access.clear();
  }
}
