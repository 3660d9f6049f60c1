import { HttpResponse, http, type JsonBodyType } from 'msw';
import { fakeJwt } from '../server/fake-jwt.js';
import { faultResponse } from '../server/faults.js';
import { protectedResponse } from '../server/protected-endpoint.js';
import type { ProviderMock } from '../server/provider-mock.js';
import { type IssuedTokens, TokenServer, type TokenServerOptions } from '../server/token-server.js';
import type { MastersIndiaMockConfig, MastersIndiaMockKeyConfig, MastersIndiaMockLoginConfig } from './mock-config.js';

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
   * How a token answer names its fields: the refresh token as `refresh_token`, as
   * `"refresh token"` (with a space, as one document shows it), or not at all (`'token-only'`, as
   * the e-way page shows it); `'access_token'`: `{access_token, expires_in, refresh_token}`, as
   * one production host answered (per a public integration).
   * @default 'refresh_token'
   */
  responseShape?: 'refresh_token' | 'refresh token' | 'token-only' | 'access_token';
  /**
   * The permanent key the API paths (`api`) accept as `api_key: <key>` instead of a JWT.
   * @default 'authwire-emulator-api-key'
   */
  apiKey?: string;
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

/**
 * The Masters India mock: a {@link ProviderMock} plus real e-way bill and e-invoice paths.
 *
 * @example
 * ```ts
 * import { mastersIndiaHandlers } from '@authwire/testing';
 *
 * const mock = mastersIndiaHandlers();
 * mock.api.ewayBillsGenerate; // 'https://api-platform.mastersindia.co/api/v1/ewayBillsGenerate/'
 * ```
 */
export interface MastersIndiaMock extends ProviderMock<MastersIndiaMockConfig> {
  /** A login config of `mastersIndia` pointing at the mock; `overrides` replace its fields. */
  config(overrides?: Partial<MastersIndiaMockLoginConfig>): MastersIndiaMockLoginConfig;
  /** The permanent key the API paths accept as `api_key: <key>`. */
  readonly apiKey: string;
  /**
   * A key config of `mastersIndia` pointing at the mock: `{ baseUrl, apiKey }`.
   *
   * @param overrides - fields to replace (another `apiKey`, say)
   */
  keyConfig(overrides?: Partial<MastersIndiaMockKeyConfig>): MastersIndiaMockKeyConfig;
  /**
   * Real API paths. Each answers `JWT <live token>` or `api_key: <the mock's key>` (an
   * `Authorization` of another kind or a wrong key gets 401 as
   * djangorestframework-jwt answers (`{"detail": "Signature has expired."}`, `"Error decoding
   * signature."` or `"Authentication credentials were not provided."`, with `WWW-Authenticate:
   * JWT realm="api"`). Like the provider, they report their own failures (a missing field) as a
   * 200 whose body says `"code": 204`. They count in `server.calls.api` / `apiRejected` and fail
   * with `server.fail('api', …)`.
   */
  readonly api: {
    /**
     * `POST {base}/api/v1/ewayBillsGenerate/` with the e-way bill as JSON (`userGstin`,
     * `supply_type`, `document_type`, `document_number`, `document_date` required):
     * `{"results": {"message": {"ewayBillNo", "ewayBillDate", "validUpto", "alert", "error"}, "status": "Success", "code": 200}}`.
     */
    readonly ewayBillsGenerate: string;
    /**
     * `GET {base}/api/v1/get-einvoice/?gstin=…&irn=…`: the IRP's document
     * (`Irn`, `AckNo`, `AckDt`, `SignedInvoice`, `SignedQRCode`, `Status`, …) in `results.message`.
     */
    readonly getEinvoice: string;
  };
}

/** The e-way bill fields the mock requires (the documents' examples send many more). */
const EWAY_BILL_FIELDS = ['userGstin', 'supply_type', 'document_type', 'document_number', 'document_date'];
const IST = 5.5 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** `DD/MM/YYYY hh:mm:ss AM` in India's time, as the e-way bill system writes dates. */
function ewayDate(epochMs: number): string {
  const d = new Date(epochMs + IST);
  const hours = d.getUTCHours() % 12 || 12;
  const half = d.getUTCHours() < 12 ? 'AM' : 'PM';
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(hours)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${half}`;
}

/** Why djangorestframework-jwt refuses this `Authorization` value. */
function refusal(header: string, now: number): string {
  if (!header.startsWith('JWT ')) return 'Authentication credentials were not provided.';
  try {
    const payload: unknown = JSON.parse(atob((header.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && exp * 1000 <= now ? 'Signature has expired.' : 'Error decoding signature.';
  } catch {
    return 'Error decoding signature.';
  }
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
 * tokens 30 days unless the options say otherwise. Real API paths (`api`): e-way bill generate
 * and e-invoice get, refusing a dead token with 401 as djangorestframework-jwt does.
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
export function mastersIndiaHandlers(options: MastersIndiaHandlersOptions = {}): MastersIndiaMock {
  const baseUrl = (options.baseUrl ?? 'https://api-platform.mastersindia.co').replace(/\/+$/, '');
  const refreshPath = options.refreshPath ?? '/api/v2/api-token-refresh/';
  const shape = options.responseShape ?? 'refresh_token';
  const apiKey = options.apiKey ?? 'authwire-emulator-api-key';
  const server = new TokenServer(options, { accessLifetimeMs: 86_400_000, refreshLifetimeMs: 30 * 86_400_000 });
  const reply = (body: JsonBodyType, status = 200) =>
    HttpResponse.json(body, { status, headers: server.dateHeaders() });
  const api = {
    ewayBillsGenerate: `${baseUrl}/api/v1/ewayBillsGenerate/`,
    getEinvoice: `${baseUrl}/api/v1/get-einvoice/`,
  };
  let documents = 0;

  /**
   * An API route: an injected `api` fault first, then the `JWT` check (401 as
   * djangorestframework-jwt answers), then the route's own answer; every answer counted as an
   * `api` call.
   */
  const apiRoute =
    (route: (request: Request) => Response | Promise<Response>) =>
    async ({ request }: { request: Request }): Promise<Response> => {
      const faulty = await faultResponse(server.takeFault('api'), server.dateHeaders());
      if (faulty) return server.finish('api', faulty);
      const header = request.headers.get('authorization') ?? '';
      const key = request.headers.get('api_key');
      const keyed = key !== null && key === apiKey;
      if (!keyed && !(header.startsWith('JWT ') && server.accepts(header.slice('JWT '.length)))) {
        if (key !== null) {
          // A wrong key: the API's own refusal of a key (no JWT library involved).
          return server.finish('api', reply({ detail: 'Invalid API key.' }, 401));
        }
        return server.finish(
          'api',
          HttpResponse.json(
            { detail: refusal(header, server.now()) },
            { status: 401, headers: { 'www-authenticate': 'JWT realm="api"', ...server.dateHeaders() } },
          ),
        );
      }
      return server.finish('api', await route(request));
    };
  /** The provider's answer to a request it cannot serve: a 200 whose body says 204. */
  const noContent = (message: string) =>
    reply({ results: { message, status: 'No Content', code: 204, requestId: '' } });
  const success = (message: JsonBodyType) =>
    reply({ results: { message, errorMessage: '', InfoDtls: '', status: 'Success', code: 200, requestId: '' } });

  async function generateEwayBill(request: Request): Promise<Response> {
    const body: unknown = await request.json().catch(() => undefined);
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const missing = server.missing(fields, EWAY_BILL_FIELDS);
    if (missing.length > 0) return noContent(`${missing.join(', ')}: This field is required.`);
    documents += 1;
    const now = server.now();
    const validUpto = new Date(now + IST + 86_400_000);
    validUpto.setUTCHours(23, 59, 0, 0);
    return success({
      ewayBillNo: 331_000_000_000 + documents,
      ewayBillDate: ewayDate(now),
      validUpto: ewayDate(validUpto.getTime() - IST),
      alert: '',
      error: false,
    });
  }

  function getEinvoice(request: Request): Response {
    const query = new URL(request.url).searchParams;
    const gstin = query.get('gstin') ?? query.get('user_gstin');
    const irn = query.get('irn');
    if (!gstin || !irn) return noContent('gstin and irn are required');
    const ackDt = new Date(server.now() + IST).toISOString().slice(0, 19).replace('T', ' ');
    return success({
      AckNo: 112_010_036_563_310,
      AckDt: ackDt,
      Irn: irn,
      SignedInvoice: fakeJwt({ data: JSON.stringify({ SellerGstin: gstin, Irn: irn }), iss: 'NIC' }),
      SignedQRCode: fakeJwt({ data: JSON.stringify({ SellerGstin: gstin, Irn: irn, DocTyp: 'INV' }), iss: 'NIC' }),
      Status: 'ACT',
      EwbNo: null,
      EwbDt: null,
      EwbValidTill: null,
      Remarks: null,
    });
  }

  const answer = (tokens: Pick<IssuedTokens, 'access' | 'refresh'>) => {
    if (shape === 'token-only') return reply({ token: tokens.access });
    if (shape === 'access_token') {
      const expiresIn = Math.round(server.accessLifetimeMs / 1000);
      return reply({ access_token: tokens.access, expires_in: expiresIn, refresh_token: tokens.refresh });
    }
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
    api,
    apiKey,
    keyConfig: (overrides = {}) => ({ baseUrl, apiKey, ...overrides }),
    server,
    config: (overrides: Partial<MastersIndiaMockLoginConfig> = {}) => ({
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
      http.post(api.ewayBillsGenerate, apiRoute(generateEwayBill)),
      http.get(api.getEinvoice, apiRoute(getEinvoice)),
    ],
  };
}
