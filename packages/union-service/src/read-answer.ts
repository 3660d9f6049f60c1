import type { AccessToken, AdapterContext, AuthError, AuthErrorCode, TokenResponse } from '@authwire/core';
import * as v from 'valibot';
import { ErrorBodySchema, TokenBodySchema } from './schemas.js';

/** What an error answer says, reduced to what is safe to put in an error message. */
export interface ErrorReading {
  /** Title, detail, error codes, field errors and traceId, as written (core redacts, then normalises). */
  detail: string | undefined;
  /**
   * Keycloak refused the grant: bad credentials on login, a dead, reused or unknown refresh
   * token on refresh — passed through (400/401) or wrapped in a ProblemDetails (500).
   */
  invalidGrant: boolean;
}

// Keycloak's words for a refused grant, as they show through a gateway that wraps them.
const INVALID_GRANT = /invalid_grant|not active|invalid user credentials|invalid refresh token/i;

/**
 * Reads an error answer of the Union API (ProblemDetails, ASP.NET validation, application
 * codes, Keycloak passthrough) into a message detail and whether Keycloak refused the grant.
 * What the provider echoed of the request is redacted, whitespace collapsed and the detail capped
 * by `ctx.httpError`, in that order.
 */
export function readErrorBody(body: unknown): ErrorReading {
  // Quoted as the provider wrote it: core redacts what was echoed first, then collapses whitespace.
  // Collapsing here would change an echoed secret (`a  b` → `a b`) before core could find it.
  if (typeof body === 'string') {
    return { detail: body.trim() === '' ? undefined : body, invalidGrant: INVALID_GRANT.test(body) };
  }
  const result = v.safeParse(ErrorBodySchema, body);
  if (!result.success) return { detail: undefined, invalidGrant: false };
  const {
    type,
    title,
    detail,
    traceid: traceId,
    code,
    errorcode: errorCode,
    errors,
    error,
    errordescription: error_description,
  } = result.output;

  const fieldErrors = Object.entries(errors ?? {}).map(
    ([field, messages]) => `${field} (${[messages].flat().join(' ')})`,
  );
  const parts: string[] = [];
  if (error !== undefined) parts.push(error_description ? `${error} (${error_description})` : error);
  // ASP.NET's default `type` is a link to the RFC: only an application code is worth showing.
  if (type !== undefined && !/^(?:https?|about):/i.test(type)) parts.push(`type ${type}`);
  for (const value of [code, errorCode]) if (value !== undefined) parts.push(`code ${value}`);
  if (title !== undefined) parts.push(title);
  if (detail !== undefined) parts.push(detail);
  if (fieldErrors.length > 0) parts.push(`fields: ${fieldErrors.join(', ')}`);
  if (traceId !== undefined) parts.push(`traceId ${traceId}`);

  const words = [error, error_description, type, title, detail, code, errorCode, ...fieldErrors].join(' ');
  return {
    detail: parts.length === 0 ? undefined : parts.join('; '),
    invalidGrant: error === 'invalid_grant' || INVALID_GRANT.test(words),
  };
}

/** Turns a non-2xx answer into an AuthError; only Keycloak's refused grant overrides core's mapping. */
function failure(ctx: AdapterContext, res: TokenResponse): AuthError {
  const { detail, invalidGrant } = readErrorBody(res.body);
  const options: { code?: AuthErrorCode; detail?: string } = {};
  // A refused grant is final whatever the status the gateway chose (400, 401 or a wrapping 500):
  // not transient, so a failed refresh falls back to login.
  if (invalidGrant && res.status !== 429) options.code = 'INVALID_CREDENTIALS';
  if (detail !== undefined) options.detail = detail;
  return ctx.httpError(res, options);
}

/** Reads a login or refresh answer: a token, or the AuthError the answer means. */
export function readAnswer(ctx: AdapterContext, res: TokenResponse): AccessToken {
  if (res.status < 200 || res.status >= 300) throw failure(ctx, res);
  const body = ctx.parse(TokenBodySchema, res);
  // Lifetimes count from when the request was sent: the token cannot be older than that.
  const token: AccessToken = {
    value: body.accessToken,
    scheme: body.scheme,
    expiresAt: res.sentAt + body.expiresIn * 1000,
  };
  if (body.refreshToken !== undefined) {
    token.refreshToken = body.refreshToken;
    if (body.refreshExpiresIn !== undefined) token.refreshExpiresAt = res.sentAt + body.refreshExpiresIn * 1000;
  }
  return token;
}
