import {
  type AccessToken,
  type AdapterContext,
  readBodyPrefix,
  readJwtExpiry,
  type TokenResponse,
} from '@authwire/core';
import { TokenBodySchema } from './schemas.js';

/** How long a token lives when its JWT carries no `exp` (the documents say 24 h). */
export const DEFAULT_LIFETIME_MS = 24 * 60 * 60 * 1000;

// A field name from the server goes into an error message: only plain identifiers qualify.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The names (never the values) of a 400's field errors: `{"username": ["missing field"]}`. A name
 * holding a secret (a server that keys its answer by what it was sent) is redacted by core.
 */
function fieldNames(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const names = Object.entries(body)
    .filter(([name, errors]) => Array.isArray(errors) && FIELD_NAME.test(name))
    .map(([name]) => name)
    .slice(0, 10);
  return names.length === 0 ? undefined : `invalid or missing fields: ${names.join(', ')}`;
}

/** A server-clock JWT `exp` on the local clock, using the response's `Date` header. */
function localExpiry(jwt: string, res: TokenResponse): number | undefined {
  const exp = readJwtExpiry(jwt);
  return exp === undefined ? undefined : exp - res.clockOffsetMs;
}

/**
 * Reads a login or refresh answer. Success is decided from the body, not the status: Masters
 * India answers bad credentials (or a bad refresh token) with 206 and an `error` body.
 */
export function readAnswer(ctx: AdapterContext, res: TokenResponse): AccessToken {
  if (res.status < 200 || res.status > 299) {
    const detail = res.status === 400 ? fieldNames(res.body) : undefined;
    throw ctx.httpError(res, detail === undefined ? {} : { detail });
  }
  // A 2xx that means failure: `{"error": "Unable to login with provided credential"}`.
  if ((res.body as { error?: unknown } | null)?.error != null) {
    throw ctx.httpError(res, { code: 'INVALID_CREDENTIALS', detail: 'refused by Masters India (an error body)' });
  }
  const body = ctx.parse(TokenBodySchema, res);
  const value = (body.token ?? body.access_token) as string;
  // `expires_in` (seconds from sending, immune to clock skew) when the host sends it; else the
  // JWT's `exp` on the server's clock; else the documents' 24 h.
  const expiresAt =
    body.expires_in != null
      ? res.sentAt + body.expires_in * 1000
      : (localExpiry(value, res) ?? res.sentAt + DEFAULT_LIFETIME_MS);
  const token: AccessToken = { value, scheme: 'JWT', expiresAt };
  const refreshToken = body.refresh_token ?? body['refresh token'];
  if (refreshToken != null) {
    token.refreshToken = refreshToken;
    const refreshExpiresAt = localExpiry(refreshToken, res);
    if (refreshExpiresAt !== undefined) token.refreshExpiresAt = refreshExpiresAt;
  }
  return token;
}

/**
 * The words of a dead or invalid token in the answers of Django REST framework JWT libraries
 * (djangorestframework-jwt: `Signature has expired.`, `Error decoding signature.`; simplejwt:
 * `token_not_valid`), and of one production integration (`The access token provided is invalid.`).
 */
const REJECTED_TOKEN =
  /Signature has expired|Error decoding signature|token_not_valid|access token provided is invalid/i;

/**
 * How Masters India's APIs reject a token: 401 always; a 403 only when its body carries one of
 * the JWT libraries' words (another Indian GSP answered dead tokens with 403). A 2xx reporting an
 * application error is the API's business, never a rejection.
 */
export async function isTokenRejected(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  return response.status === 403 && REJECTED_TOKEN.test(await readBodyPrefix(response));
}
