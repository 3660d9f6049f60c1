import {
  type AccessToken,
  type AdapterContext,
  type AuthError,
  type AuthErrorCode,
  readJwtExpiry,
  type TokenResponse,
} from '@authwire/core';
import * as v from 'valibot';
import { ErrorBodySchema, TokenAnswerSchema, type TokenBody } from './schemas.js';

/** How long a token lives when neither `expires_in` nor the access token's JWT `exp` says: 1 h. */
export const DEFAULT_LIFETIME_MS = 3_600_000;

/** RFC 6749 §5.2's error codes (and RFC 8707's `invalid_target`), as authwire's codes. */
const CODES: Readonly<Record<string, AuthErrorCode>> = {
  invalid_client: 'INVALID_CREDENTIALS',
  invalid_grant: 'INVALID_CREDENTIALS',
  unauthorized_client: 'INVALID_CREDENTIALS',
  invalid_request: 'INVALID_REQUEST',
  invalid_scope: 'INVALID_REQUEST',
  unsupported_grant_type: 'INVALID_REQUEST',
  invalid_target: 'INVALID_REQUEST',
  temporarily_unavailable: 'PROVIDER_UNAVAILABLE',
};

/** What an error answer says, reduced to what goes in a message. */
export interface ErrorReading {
  /** The RFC 6749 `error` code, as sent. */
  error: string | undefined;
  /** `error (error_description); see error_uri`, as written (core redacts, then normalises). */
  detail: string | undefined;
}

/**
 * Reads an RFC 6749 §5.2 error answer (`error`, `error_description`, `error_uri`), or a plain
 * text one, into its code and a message detail.
 */
export function readErrorBody(body: unknown): ErrorReading {
  // Quoted as the provider wrote it: core redacts what was echoed first, then collapses whitespace.
  if (typeof body === 'string') return { error: undefined, detail: body.trim() === '' ? undefined : body };
  const result = v.safeParse(ErrorBodySchema, body);
  if (!result.success) return { error: undefined, detail: undefined };
  const { error, error_description: description, error_uri: uri } = result.output;
  const parts: string[] = [];
  if (error !== undefined) parts.push(description ? `${error} (${description})` : error);
  else if (description) parts.push(description);
  if (uri) parts.push(`see ${uri}`);
  return { error, detail: parts.length === 0 ? undefined : parts.join('; ') };
}

/**
 * Turns an error answer into an AuthError: the RFC 6749 `error` decides the code, except that a
 * 429 (`RATE_LIMITED`, with `Retry-After`) and a 5xx (`PROVIDER_UNAVAILABLE`) say more about the
 * server than any body; an unknown `error` leaves core's status mapping.
 */
export function failure(ctx: AdapterContext, res: TokenResponse): AuthError {
  const { error, detail } = readErrorBody(res.body);
  const options: { code?: AuthErrorCode; detail?: string } = {};
  const code = error !== undefined && Object.hasOwn(CODES, error) ? CODES[error] : undefined;
  if (code !== undefined && res.status !== 429 && res.status < 500) options.code = code;
  if (detail !== undefined) options.detail = detail;
  return ctx.httpError(res, options);
}

/** A 2xx that carries an RFC 6749 error and no token (some servers answer errors with 200). */
function isErrorAnswer(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { error, access_token } = body as Record<string, unknown>;
  return typeof error === 'string' && access_token === undefined;
}

/** `expires_in` from when the request was sent; else the JWT's `exp` on the server's clock; else 1 h. */
function expiresAtOf(body: TokenBody, res: TokenResponse): number {
  if (body.expiresIn !== undefined) return res.sentAt + body.expiresIn * 1000;
  const exp = readJwtExpiry(body.accessToken);
  return exp === undefined ? res.sentAt + DEFAULT_LIFETIME_MS : exp - res.clockOffsetMs;
}

/** Reads a token endpoint's answer: a token, or the AuthError the answer means. */
export function readAnswer(ctx: AdapterContext, res: TokenResponse): AccessToken {
  if (res.status < 200 || res.status >= 300 || isErrorAnswer(res.body)) throw failure(ctx, res);
  const body = ctx.parse(TokenAnswerSchema, res);
  const token: AccessToken = { value: body.accessToken, scheme: body.scheme, expiresAt: expiresAtOf(body, res) };
  if (body.refreshToken !== undefined) {
    token.refreshToken = body.refreshToken;
    if (body.refreshExpiresIn !== undefined) token.refreshExpiresAt = res.sentAt + body.refreshExpiresIn * 1000;
  }
  return token;
}
