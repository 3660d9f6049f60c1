import { HttpResponse, http, type JsonBodyType } from 'msw';
import { faultResponse } from '../server/faults.js';
import { protectedResponse } from '../server/protected-endpoint.js';
import type { ProviderMock } from '../server/provider-mock.js';
import { type IssuedTokens, TokenServer, type TokenServerOptions } from '../server/token-server.js';

/**
 * The sample tokens of Masters India's auth documents. Their JOSE header is corrupt (it does
 * not decode to JSON) while the payload is fine, and their `exp` is in 2023: the access token's
 * 2023-11-10, the refresh token's 30 days later.
 *
 * @example
 * ```ts
 * import { readJwtExpiry } from '@authwire/core';
 * readJwtExpiry(MASTERS_INDIA_SAMPLE_TOKENS.token); // 1699613843000
 * ```
 */
export const MASTERS_INDIA_SAMPLE_TOKENS = {
  token:
    'eyJ0eXfiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNjk5NjEzODQzLCJqdGkiOiJmYTBkNDRhZmQyNmQ0NjAzOTM3MjY1ZThlMTAxNTI1YyIsInVzZXJfaWQiOjE0OCwidXNlcm5hbWUiOiJwcmF0ZWVrcmFpK2RlbW9AbWFzdGVyc2luZGlhLmNvIiwiZW1haWwiOiJwcmF0ZWVrcmFpK2RlbW9AbWFzdGVyc2luZGlhLmNvIiwicmVmcmVzaF9qdGkiOiJiMjYzZjkxNWI1ZDA0NjQ4OGVmOTgzN2E3YmM0ZmFiNSJ9.cAL8mxY12ncSjq3nhhvwHtWKihRaT8YYBY1RrQ5t7_M',
  refreshToken:
    'eyo0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6MTcwMjIwNTg0MywianRpIjoiYjI2M2Y5MTViNWQwNDY0ODhlZjk4MzdhN2JjNGZhYjUiLCJ1c2VyX2lkIjoxNDgsInVzZXJuYW1lIjoicHJhdGVla3JhaStkZW1vQG1hc3RlcnNpbmRpYS5jbyIsImVtYWlsIjoicHJhdGVla3JhaStkZW1vQG1hc3RlcnNpbmRpYS5jbyJ9._3GKwWNN5eAd3xvrRq6YmTRiYE1u8aLwXuRkp9joD6Q',
} as const;

/**
 * Options of {@link mastersIndiaHandlers}: the shared {@link TokenServerOptions} plus Masters
 * India's variants.
 *
 * @example
 * ```ts
 * mastersIndiaHandlers({ responseShape: 'refresh token', refresh: false, clockOffsetMs: -7_200_000 });
 * ```
 */
export interface MastersIndiaHandlersOptions extends TokenServerOptions {
  /** @default 'https://api-platform.mastersindia.co' */
  baseUrl?: string;
  /**
   * How a token answer names the refresh token: `refresh_token`, `"refresh token"` (with a
   * space, as one document shows it), or not at all (`'token-only'`, as the e-way page shows it).
   * @default 'refresh_token'
   */
  responseShape?: 'refresh_token' | 'refresh token' | 'token-only';
  /** @default '/api/v2/api-token-refresh/' */
  refreshPath?: string;
  /**
   * Whether the refresh endpoint exists; `false`: it answers 404.
   * @default true
   */
  refresh?: boolean;
  /**
   * Answer logins with {@link MASTERS_INDIA_SAMPLE_TOKENS} (corrupt header, `exp` in 2023)
   * instead of fresh tokens. The protected endpoint does not accept them: the server did not
   * issue them.
   * @default false
   */
  sampleTokens?: boolean;
}

const LOGIN_ERROR = { error: 'Unable to login with provided credential' };

/** Reads a JSON, url-encoded or multipart body as fields; anything else reads as none. */
async function readFields(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? '';
  try {
    if (type.includes('json')) {
      const body: unknown = await request.json();
      return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    }
    if (type.includes('form')) return Object.fromEntries(await request.formData());
  } catch {
    // A body that does not parse has no fields: the handler answers "missing field".
  }
  return {};
}

/** A 400 in the documents' shape for each absent or empty field, or undefined. */
function missingFields(fields: Record<string, unknown>, names: string[]): Record<string, string[]> | undefined {
  const missing = names.filter((name) => typeof fields[name] !== 'string' || fields[name] === '');
  return missing.length === 0 ? undefined : Object.fromEntries(missing.map((name) => [name, ['missing field']]));
}

/**
 * msw handlers that behave like Masters India's token API, on the shared {@link TokenServer}:
 * `POST /api/v1/token-auth/` and `/api/v2/token-auth/` (JSON or form body; 400
 * `{"username": ["missing field"]}`; 206 `{"error": "Unable to login with provided credential"}`
 * for wrong credentials), `POST {refreshPath}` with `{"token": <refresh token>}` (rotation; 206
 * for an unknown or reused token, 400 for an expired one) and a protected sample endpoint
 * `{base}/api/v1/sample/` that accepts `JWT <token>`. Every token answer carries the server
 * clock's `Date` header; faults come from `server.fail(…)`. Access tokens live 24 h and refresh
 * tokens 30 days unless the options say otherwise.
 *
 * @param options - credentials, clock, lifetimes, host and Masters India's variants
 * @returns the mock: handlers, state, addresses and a matching config
 * @example
 * ```ts
 * import { mastersIndiaHandlers } from '@authwire/testing';
 * import { type MastersIndiaConfig, mastersIndia } from '@authwire/masters-india';
 * import { setupServer } from 'msw/node';
 *
 * const mock = mastersIndiaHandlers({ responseShape: 'refresh token' });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const provider = mastersIndia(mock.config({ apiVersion: 'v2' }) as MastersIndiaConfig);
 * await provider.getToken();
 * mock.server.calls.login; // 1
 * ```
 */
export function mastersIndiaHandlers(options: MastersIndiaHandlersOptions = {}): ProviderMock {
  const baseUrl = (options.baseUrl ?? 'https://api-platform.mastersindia.co').replace(/\/+$/, '');
  const refreshPath = options.refreshPath ?? '/api/v2/api-token-refresh/';
  const shape = options.responseShape ?? 'refresh_token';
  const server = new TokenServer(options, { accessLifetimeMs: 86_400_000, refreshLifetimeMs: 30 * 86_400_000 });
  const reply = (body: JsonBodyType, status = 200) =>
    HttpResponse.json(body, { status, headers: server.dateHeaders() });

  const answer = (tokens: Pick<IssuedTokens, 'access' | 'refresh'>) => {
    if (shape === 'token-only') return reply({ token: tokens.access });
    return reply({ token: tokens.access, [shape]: tokens.refresh });
  };

  const login = async ({ request }: { request: Request }) => {
    const faulty = await faultResponse(server.takeFault('login'), server.dateHeaders());
    if (faulty) {
      server.record('login', faulty.status);
      return faulty;
    }
    const fields = await readFields(request);
    const missing = missingFields(fields, ['username', 'password']);
    if (missing) {
      server.record('login', 400);
      return reply(missing, 400);
    }
    if (!server.checkCredentials(fields.username, fields.password)) {
      server.record('login', 206);
      return reply(LOGIN_ERROR, 206);
    }
    server.record('login', 200);
    if (options.sampleTokens) {
      return answer({ access: MASTERS_INDIA_SAMPLE_TOKENS.token, refresh: MASTERS_INDIA_SAMPLE_TOKENS.refreshToken });
    }
    return answer(server.issue());
  };

  return {
    name: 'masters-india',
    baseUrl,
    scheme: 'JWT',
    protectedUrl: `${baseUrl}/api/v1/sample/`,
    server,
    config: (overrides = {}) => ({
      baseUrl,
      username: server.username,
      password: server.password,
      refreshPath,
      ...overrides,
    }),
    handlers: [
      http.post(`${baseUrl}/api/v1/token-auth/`, login),
      http.post(`${baseUrl}/api/v2/token-auth/`, login),
      http.post(`${baseUrl}${refreshPath}`, async ({ request }) => {
        const faulty = await faultResponse(server.takeFault('refresh'), server.dateHeaders());
        if (faulty) {
          server.record('refresh', faulty.status);
          return faulty;
        }
        if (options.refresh === false) {
          server.record('refresh', 404);
          return reply({ detail: 'Not found.' }, 404);
        }
        const fields = await readFields(request);
        const missing = missingFields(fields, ['token']);
        if (missing) {
          server.record('refresh', 400);
          return reply(missing, 400);
        }
        const outcome = server.refresh(fields.token);
        if (!outcome.ok) {
          const expired = outcome.reason === 'expired';
          server.record('refresh', expired ? 400 : 206);
          return expired ? reply({ error: 'Token has expired' }, 400) : reply({ error: 'Token is invalid' }, 206);
        }
        server.record('refresh', 200);
        return answer(outcome.tokens);
      }),
      http.all(`${baseUrl}/api/v1/sample/`, ({ request }) => protectedResponse(server, request, 'JWT')),
    ],
  };
}
