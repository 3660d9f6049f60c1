import { HttpResponse, http, type JsonBodyType } from 'msw';
import { protectedResponse } from '../server/protected-endpoint.js';
import type { ProviderMock } from '../server/provider-mock.js';
import { type IssuedTokens, TokenServer, type TokenServerOptions } from '../server/token-server.js';
import type { MastersIndiaMockConfig } from './mock-config.js';

/**
 * The sample tokens of Masters India's auth documents. Their JOSE header is corrupt (it does
 * not decode to JSON) while the payload is fine, and their `exp` is in 2023: the access token's
 * 2023-11-10, the refresh token's 30 days later.
 *
 * @example
 * ```ts
 * import { readJwtExpiry } from '@authwire/core';
 * import { MASTERS_INDIA_SAMPLE_TOKENS } from '@authwire/testing';
 *
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
 * import { mastersIndiaHandlers } from '@authwire/testing';
 *
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
   * instead of fresh tokens (the protected endpoint accepts them).
   * @default false
   */
  sampleTokens?: boolean;
}

const LOGIN_ERROR = { error: 'Unable to login with provided credential' };

/** A 400 in the documents' shape: `{"username": ["missing field"]}` per absent field. */
const missingField = (names: string[]) => Object.fromEntries(names.map((name) => [name, ['missing field']]));

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
 * import { mastersIndia } from '@authwire/masters-india';
 * import { setupServer } from 'msw/node';
 *
 * const mock = mastersIndiaHandlers({ responseShape: 'refresh token' });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const provider = mastersIndia(mock.config({ apiVersion: 'v2' }));
 * await provider.getToken();
 * mock.server.calls.login; // 1
 * ```
 */
export function mastersIndiaHandlers(options: MastersIndiaHandlersOptions = {}): ProviderMock<MastersIndiaMockConfig> {
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
    const received = await server.receive('login', request);
    if ('response' in received) return received.response;
    const { fields } = received;
    const missing = server.missing(fields, ['username', 'password']);
    if (missing.length > 0) return server.finish('login', reply(missingField(missing), 400));
    if (!server.checkCredentials(fields.username, fields.password))
      return server.finish('login', reply(LOGIN_ERROR, 206));
    if (options.sampleTokens) {
      const { token, refreshToken } = MASTERS_INDIA_SAMPLE_TOKENS;
      server.adopt(token);
      return server.finish('login', answer({ access: token, refresh: refreshToken }));
    }
    return server.finish('login', answer(server.issue()));
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
        const received = await server.receive('refresh', request);
        if ('response' in received) return received.response;
        if (options.refresh === false) return server.finish('refresh', reply({ detail: 'Not found.' }, 404));
        const missing = server.missing(received.fields, ['token']);
        if (missing.length > 0) return server.finish('refresh', reply(missingField(missing), 400));
        const outcome = server.refresh(received.fields.token);
        if (outcome.ok) return server.finish('refresh', answer(outcome.tokens));
        return server.finish(
          'refresh',
          outcome.reason === 'expired'
            ? reply({ error: 'Token has expired' }, 400)
            : reply({ error: 'Token is invalid' }, 206),
        );
      }),
      http.all(`${baseUrl}/api/v1/sample/`, ({ request }) => protectedResponse(server, request, 'JWT')),
    ],
  };
}
