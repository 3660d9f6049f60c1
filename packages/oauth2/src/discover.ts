import { type AdapterContext, AuthError, type AuthErrorCode, isAuthError, type TokenResponse } from '@authwire/core';
import * as v from 'valibot';
import { DiscoveryDocumentSchema, isSecureUrl } from './schemas.js';

const provider = 'oauth2';

/**
 * Where an issuer's metadata lives (OpenID Connect Discovery 1.0 §4): the issuer, without a
 * trailing `/`, then `/.well-known/openid-configuration`.
 */
export const discoveryUrl = (issuer: string): string => `${issuer}/.well-known/openid-configuration`;

const fail = (code: AuthErrorCode, message: string, options: { status?: number; retryAfterMs?: number } = {}) =>
  new AuthError(code, `${provider}: ${message}`, { provider, ...options });

/**
 * The status of a discovery answer that is not a document, as a code: a missing document (404,
 * 410) is a wrong `issuer`, a config error; 429 and 5xx are core's (transient); anything else
 * (a redirect, 401, 403) is not what an OpenID Provider answers.
 */
function codeOf(status: number): AuthErrorCode | undefined {
  if (status === 404 || status === 410) return 'CONFIG_INVALID';
  if (status === 429 || status >= 500) return undefined;
  return 'UNEXPECTED_RESPONSE';
}

/**
 * Reads the token endpoint from an issuer's discovery document, through the context's `request`
 * (the same deadline, retries, redirect refusal and redaction as a token request). Every failure
 * is an AuthError whose message names the discovery URL: network errors and timeouts
 * `PROVIDER_UNAVAILABLE`, 429 `RATE_LIMITED`, 5xx `PROVIDER_UNAVAILABLE`, 404/410
 * `CONFIG_INVALID` (the issuer is wrong), a document that is not JSON or has no `https:`
 * `token_endpoint` `UNEXPECTED_RESPONSE`.
 */
export async function discoverTokenEndpoint(ctx: AdapterContext, issuer: string): Promise<string> {
  const url = discoveryUrl(issuer);
  const what = `OIDC discovery (GET ${url})`;
  let res: TokenResponse;
  try {
    res = await ctx.request(url, { method: 'GET' });
  } catch (error) {
    if (!isAuthError(error)) throw error;
    const options = error.status === undefined ? {} : { status: error.status };
    throw new AuthError(error.code, `${provider}: ${what} failed: ${error.message.replace(/^oauth2: /, '')}`, {
      provider,
      cause: error,
      ...options,
    });
  }
  if (res.status < 200 || res.status >= 300) {
    const code = codeOf(res.status);
    const mapped = ctx.httpError(res, code === undefined ? {} : { code });
    const hint =
      mapped.code === 'CONFIG_INVALID'
        ? ': there is no discovery document; check issuer (Keycloak: https://<host>/realms/<realm>) or give tokenUrl'
        : '';
    throw fail(mapped.code, `${what} failed with HTTP ${res.status}${hint}`, {
      status: res.status,
      ...(mapped.retryAfterMs === undefined ? {} : { retryAfterMs: mapped.retryAfterMs }),
    });
  }
  if (typeof res.body !== 'object' || res.body === null || Array.isArray(res.body)) {
    throw fail('UNEXPECTED_RESPONSE', `${what} answered HTTP ${res.status} without a JSON document`, {
      status: res.status,
    });
  }
  const document = v.safeParse(DiscoveryDocumentSchema, res.body);
  const endpoint = document.success ? document.output.token_endpoint : undefined;
  if (endpoint === undefined || endpoint === '') {
    throw fail('UNEXPECTED_RESPONSE', `${what}: the document has no token_endpoint`, { status: res.status });
  }
  if (!isSecureUrl(endpoint)) {
    throw fail(
      'UNEXPECTED_RESPONSE',
      `${what}: token_endpoint must be an https: URL without credentials (http: only for loopback hosts)`,
      { status: res.status },
    );
  }
  return endpoint;
}
