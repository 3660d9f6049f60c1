import { HttpResponse, http } from 'msw';
import { faultResponse } from '../server/faults.js';
import { protectedResponse } from '../server/protected-endpoint.js';
import type { ProviderMock } from '../server/provider-mock.js';
import { type IssuedTokens, TokenServer, type TokenServerOptions } from '../server/token-server.js';
import type { UnionServiceMockConfig } from './mock-config.js';

/**
 * Options of {@link unionServiceHandlers}: the shared {@link TokenServerOptions} plus the
 * Union API's own.
 *
 * @example
 * ```ts
 * import { fakeClock, unionServiceHandlers } from '@authwire/testing';
 *
 * const clock = fakeClock();
 * unionServiceHandlers({ casing: 'camel', refreshLifetimeMs: 12 * 3_600_000, now: clock.now });
 * ```
 */
export interface UnionServiceHandlersOptions extends TokenServerOptions {
  /** @default 'https://union-uat.ist-pay.com' */
  baseUrl?: string;
  /** @default '/union-service' */
  pathPrefix?: string;
  /**
   * The token answer's field names: the auth page's snake_case (`access_token`, …), the
   * swagger `TokenResponse`'s camelCase (`accessToken`, …), the PascalCase of other endpoints'
   * examples (`AccessToken`, …) or kebab-case (`access-token`, as `not-before-policy` is written).
   * @default 'snake'
   */
  casing?: 'snake' | 'camel' | 'pascal' | 'kebab';
  /**
   * The `token_type` / `tokenType` the answer carries.
   * @default 'Bearer'
   */
  tokenType?: string;
  /**
   * Answer Keycloak's refusals (bad credentials, a dead refresh token) as a 500 ProblemDetails
   * whose `detail` holds Keycloak's JSON, as the gateway may, instead of passing them through
   * (401 / 400 `invalid_grant`).
   * @default false
   */
  wrapKeycloakErrors?: boolean;
  /**
   * The `api-version` values the token endpoints and the API routes accept (absent means the
   * first).
   * @default ['1.0']
   */
  apiVersions?: string[];
}

/**
 * The Union API mock: a {@link ProviderMock} plus the token endpoints' URLs and every token
 * request received.
 *
 * @example
 * ```ts
 * import { type UnionServiceMock, unionServiceHandlers } from '@authwire/testing';
 *
 * const mock: UnionServiceMock = unionServiceHandlers();
 * mock.tokenUrl; // 'https://union-uat.ist-pay.com/union-service/auth/token'
 * mock.refreshUrl; // 'https://union-uat.ist-pay.com/union-service/auth/refresh-token'
 * ```
 */
export interface UnionServiceMock extends ProviderMock<UnionServiceMockConfig> {
  /** `{baseUrl}{pathPrefix}/auth/token`, without the query. */
  readonly tokenUrl: string;
  /** `{baseUrl}{pathPrefix}/auth/refresh-token`, without the query. */
  readonly refreshUrl: string;
  /**
   * Real paths of the swagger, without the query (send `?api-version=1.0` or none). Each answers
   * 200 with the swagger's example body only for `Bearer <live token>`, and 401 with an empty
   * body and `WWW-Authenticate: Bearer error="invalid_token", …` otherwise, as ASP.NET Core does;
   * they count in `server.calls.api` / `apiRejected` and fail with `server.fail('api', …)`.
   *
   * @example
   * ```ts
   * import { unionServiceHandlers } from '@authwire/testing';
   *
   * const mock = unionServiceHandlers();
   * mock.api.countries; // 'https://union-uat.ist-pay.com/union-service/members/countries'
   * ```
   */
  readonly api: {
    /** `GET {base}/members/countries`: `CountryDto[]`. */
    readonly countries: string;
    /** `GET {base}/members/channels` (optional `country-code`): `ChannelCurrencyDto[]`. */
    readonly channels: string;
    /**
     * `POST {base}/transfers/calculate-fee` with a `CalculateFeeCommand`: a
     * `TransferFeeResponseDto`; 400 ASP.NET validation ProblemDetails when a required field is
     * missing or has the wrong type.
     */
    readonly calculateFee: string;
  };
}

const HOUR = 3_600_000;
/** `CountryDto[]` (the swagger gives no example: the codes of its own examples, `TR,US,GB`). */
const COUNTRIES = [
  { countryCode: 'TR', countryName: 'Turkey' },
  { countryCode: 'US', countryName: 'United States' },
  { countryCode: 'GB', countryName: 'United Kingdom' },
];
/** `ChannelCurrencyDto[]` from the swagger's examples (`Transfer2Wallet, …`, `TRY,USD,EUR`). */
const CHANNELS = [
  { channelType: 'Transfer2Wallet', currencies: ['TRY', 'USD', 'EUR'] },
  { channelType: 'Transfer2Name', currencies: ['TRY', 'USD', 'EUR'] },
  { channelType: 'Transfer2Iban', currencies: ['TRY', 'USD', 'EUR'] },
];
const CHANNEL_TYPES = ['Transfer2Wallet', 'Transfer2Name', 'Transfer2Iban'];
/** `CalculateFeeCommand`'s required fields and the JSON type each must have. */
const CALCULATE_FEE_FIELDS = {
  sendCurrencyCode: 'string',
  receiveCurrencyCode: 'string',
  sendAmount: 'number',
  senderMemberCode: 'string',
  receiveInCountryCode: 'string',
  receiverMemberCode: 'string',
  channelType: 'string',
  createCurrencyRateToken: 'boolean',
} as const;
const PROBLEM = { 'content-type': 'application/vnd.restful+json' };
// The media types the swagger lists for both token endpoints' request bodies.
const JSON_TYPES = /^(?:application\/(?:json|json-patch\+json|[\w.+-]+\+json)|text\/json)\s*(?:;|$)/i;

/**
 * The `WWW-Authenticate` of an ASP.NET Core bearer setup: a bare `Bearer` without a token, and
 * `error="invalid_token"` with the reason (read from the JWT's `exp`) for one it refuses.
 */
function challenge(token: string | undefined, now: number): string {
  if (token === undefined) return 'Bearer';
  const exp = expiryOf(token);
  const reason =
    exp === undefined || exp * 1000 > now
      ? 'The signature is invalid'
      : `The token expired at '${new Date(exp * 1000).toISOString().slice(0, 19).replace('T', ' ')}'`;
  return `Bearer error="invalid_token", error_description="${reason}"`;
}

/** A JWT's `exp` (seconds), or `undefined` when the token is not a JWT the mock can read. */
function expiryOf(token: string): number | undefined {
  try {
    const payload: unknown = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/** A snake_case key in the mock's casing (Keycloak's own `not-before-policy` stays kebab in snake_case). */
function spell(key: string, casing: 'snake' | 'camel' | 'pascal' | 'kebab'): string {
  const words = key.split('_');
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  switch (casing) {
    case 'snake':
      return key === 'not_before_policy' ? 'not-before-policy' : key;
    case 'kebab':
      return words.join('-');
    case 'camel':
      return (words[0] ?? '') + words.slice(1).map(capital).join('');
    case 'pascal':
      return words.map(capital).join('');
  }
}

/**
 * msw handlers of IstPay's Union API ("union-service") token endpoints, faithful to its
 * documents: `POST {base}/union-service/auth/token` and `/auth/refresh-token` with
 * `api-version`, snake_case or camelCase answers with the documented lifetimes (access 10 h,
 * refresh 30 min), rotating refresh tokens, ASP.NET validation errors, Keycloak `invalid_grant`
 * refusals (passed through or wrapped in a 500 ProblemDetails), a `Date` header on the
 * server's clock, injected faults, a protected sample endpoint at
 * `{base}{pathPrefix}/api/sample`, and real paths of the swagger (`api`: countries, channels,
 * calculate-fee) that refuse a dead token with 401 as ASP.NET Core does.
 *
 * @param options - credentials, clock, lifetimes, casing and the gateway's habits
 * @returns the handlers, the {@link TokenServer} behind them and what a test needs
 * @example
 * ```ts
 * import { fakeClock, unionServiceHandlers } from '@authwire/testing';
 * import { unionService } from '@authwire/union-service';
 * import { setupServer } from 'msw/node';
 *
 * const clock = fakeClock();
 * const mock = unionServiceHandlers({ now: clock.now });
 * setupServer(...mock.handlers).listen();
 * const provider = unionService(mock.config(), { clock });
 * await provider.getToken();
 * mock.server.calls; // { login: 1, refresh: 0, api: 0, apiRejected: 0 }
 * ```
 */
export function unionServiceHandlers(options: UnionServiceHandlersOptions = {}): UnionServiceMock {
  const baseUrl = (options.baseUrl ?? 'https://union-uat.ist-pay.com').replace(/\/+$/, '');
  const pathPrefix = options.pathPrefix ?? '/union-service';
  const casing = options.casing ?? 'snake';
  const tokenType = options.tokenType ?? 'Bearer';
  const wrap = options.wrapKeycloakErrors ?? false;
  const apiVersions = options.apiVersions ?? ['1.0'];
  const server = new TokenServer(options, { accessLifetimeMs: 10 * HOUR, refreshLifetimeMs: HOUR / 2 });
  const base = `${baseUrl}${pathPrefix}`;
  const tokenUrl = `${base}/auth/token`;
  const refreshUrl = `${base}/auth/refresh-token`;
  const api = {
    countries: `${base}/members/countries`,
    channels: `${base}/members/channels`,
    calculateFee: `${base}/transfers/calculate-fee`,
  };
  let traces = 0;

  const traceId = () => {
    traces += 1;
    const hex = (length: number) => Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join('');
    return `00-${traces.toString(16).padStart(8, '0')}${hex(24)}-${hex(16)}-01`;
  };
  const problem = (status: number, body: Record<string, unknown>) =>
    HttpResponse.json(
      { ...body, status, traceId: traceId() },
      { status, headers: { ...PROBLEM, ...server.dateHeaders() } },
    );
  const validation = (errors: Record<string, string[]>) =>
    problem(400, {
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
      title: 'One or more validation errors occurred.',
      errors,
    });
  /** Keycloak's refusal, as the gateway passes it through or wraps it. */
  const refused = (status: 400 | 401, description: string, instance: string) => {
    const keycloak = { error: 'invalid_grant', error_description: description };
    if (!wrap) return HttpResponse.json(keycloak, { status, headers: server.dateHeaders() });
    return problem(500, {
      type: 'https://tools.ietf.org/html/rfc7231#section-6.6.1',
      title: 'An error occurred while processing your request.',
      detail: `Keycloak answered ${status}: ${JSON.stringify(keycloak)}`,
      instance,
    });
  };
  const answer = (tokens: IssuedTokens) => {
    const now = server.now();
    const expiresIn = Math.round((tokens.accessExpiresAt - now) / 1000);
    const refreshExpiresIn = Math.round((tokens.refreshExpiresAt - now) / 1000);
    const sessionState = crypto.randomUUID();
    const snake = {
      access_token: tokens.access,
      expires_in: expiresIn,
      refresh_expires_in: refreshExpiresIn,
      refresh_token: tokens.refresh,
      token_type: tokenType,
      not_before_policy: 0,
      session_state: sessionState,
      scope: 'email profile',
    };
    const body = Object.fromEntries(Object.entries(snake).map(([key, value]) => [spell(key, casing), value]));
    return HttpResponse.json(body, {
      headers: { 'content-type': 'application/vnd.restful+json', ...server.dateHeaders() },
    });
  };

  /**
   * What both token endpoints do before their own work: the shared steps (log, faults, body),
   * then `api-version` and the media type.
   */
  async function receive(
    operation: 'login' | 'refresh',
    request: Request,
  ): Promise<{ response: Response } | { body: Record<string, unknown> }> {
    const received = await server.receive(operation, request);
    if ('response' in received) return received;
    const finish = (response: Response) => ({ response: server.finish(operation, response) });
    const refusal = unsupportedVersion(request) ?? unsupportedMediaType(request);
    if (refusal) return finish(refusal);
    if (typeof received.body !== 'object' || received.body === null || Array.isArray(received.body)) {
      return finish(notAModel());
    }
    return { body: received.fields };
  }

  /** 400 when `api-version` is not one the mock serves; `undefined` when it is. */
  function unsupportedVersion(request: Request): Response | undefined {
    const url = new URL(request.url);
    const version = url.searchParams.get('api-version') ?? apiVersions[0];
    if (version !== undefined && apiVersions.includes(version)) return undefined;
    return problem(400, {
      type: 'https://docs.api-versioning.org/problems#unsupported',
      title: 'Unsupported API version',
      detail: `The HTTP resource that matches the request URI '${url.origin}${url.pathname}' does not support the API version '${version}'.`,
    });
  }

  /** 415 unless the body is one of the JSON media types the swagger lists; `undefined` when it is. */
  function unsupportedMediaType(request: Request): Response | undefined {
    if (JSON_TYPES.test(request.headers.get('content-type') ?? '')) return undefined;
    return problem(415, {
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.13',
      title: 'Unsupported Media Type',
    });
  }

  function notAModel(): Response {
    return validation({ $: ['The JSON value could not be converted to the request model.'] });
  }

  /**
   * An API route: an injected `api` fault first, then the bearer check (401 with ASP.NET Core's
   * challenge and an empty body), then `api-version`, then the route's own answer; every answer
   * counted as an `api` call.
   */
  const apiRoute =
    (route: (request: Request) => Response | Promise<Response>) =>
    async ({ request }: { request: Request }): Promise<Response> => {
      const faulty = await faultResponse(server.takeFault('api'), server.dateHeaders());
      if (faulty) return server.finish('api', faulty);
      const header = request.headers.get('authorization') ?? '';
      const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
      if (!server.accepts(token)) {
        return server.finish(
          'api',
          new Response(null, {
            status: 401,
            headers: { 'www-authenticate': challenge(token, server.now()), ...server.dateHeaders() },
          }),
        );
      }
      return server.finish('api', unsupportedVersion(request) ?? (await route(request)));
    };

  const ok = (body: unknown) =>
    new Response(JSON.stringify(body), { status: 200, headers: { ...PROBLEM, ...server.dateHeaders() } });

  async function calculateFee(request: Request): Promise<Response> {
    const refusal = unsupportedMediaType(request);
    if (refusal) return refusal;
    const body: unknown = await request.json().catch(() => undefined);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return notAModel();
    const fields = body as Record<string, unknown>;
    const errors: Record<string, string[]> = {};
    for (const [field, type] of Object.entries(CALCULATE_FEE_FIELDS)) {
      const value = fields[field];
      const name = field.charAt(0).toUpperCase() + field.slice(1);
      if (value === undefined || value === null || value === '') errors[name] = [`The ${name} field is required.`];
      else if (typeof value !== type || (field === 'channelType' && !CHANNEL_TYPES.includes(value as string))) {
        errors[`$.${field}`] = [`The JSON value could not be converted to the ${name} field. Path: $.${field}.`];
      }
    }
    if (Object.keys(errors).length > 0) return validation(errors);
    const reserved = fields.createCurrencyRateToken === true;
    return ok({
      feeCurrency: 'USD',
      feeAmount: 10.95,
      sendCurrencyCode: 'USD',
      receiveCurrencyCode: 'USD',
      sendAmount: 9559.25,
      receiveAmount: 9559.25,
      currencyRateToken: reserved ? '9559.25' : null,
      // "Output DateTime: YYYY-MM-DD HH24:MI:SS (Always UTC)"; the rate is held for a few minutes.
      currencyRateTokenExpireDate: reserved
        ? new Date(server.now() + 5 * 60_000).toISOString().slice(0, 19).replace('T', ' ')
        : null,
    });
  }

  const missing = (body: Record<string, unknown>, fields: string[]) =>
    Object.fromEntries(
      server.missing(body, fields).map((field) => {
        const name = field.charAt(0).toUpperCase() + field.slice(1);
        return [name, [`The ${name} field is required.`]];
      }),
    );

  return {
    name: 'union-service',
    baseUrl,
    scheme: 'Bearer',
    protectedUrl: `${base}/api/sample`,
    tokenUrl,
    refreshUrl,
    api,
    server,
    config: (overrides = {}) => ({
      baseUrl,
      pathPrefix,
      username: server.username,
      password: server.password,
      ...overrides,
    }),
    handlers: [
      http.post(tokenUrl, async ({ request }) => {
        const received = await receive('login', request);
        if ('response' in received) return received.response;
        const { body } = received;
        const errors = missing(body, ['username', 'password']);
        let response: Response;
        if (Object.keys(errors).length > 0) response = validation(errors);
        else if (!server.checkCredentials(body.username, body.password)) {
          response = refused(401, 'Invalid user credentials', `${pathPrefix}/auth/token`);
        } else response = answer(server.issue());
        return server.finish('login', response);
      }),
      http.post(refreshUrl, async ({ request }) => {
        const received = await receive('refresh', request);
        if ('response' in received) return received.response;
        const { body } = received;
        const errors = missing(body, ['refreshToken']);
        let response: Response;
        if (Object.keys(errors).length > 0) response = validation(errors);
        else {
          const outcome = server.refresh(body.refreshToken);
          response = outcome.ok
            ? answer(outcome.tokens)
            : refused(
                400,
                outcome.reason === 'unknown' ? 'Invalid refresh token' : 'Token is not active',
                `${pathPrefix}/auth/refresh-token`,
              );
        }
        return server.finish('refresh', response);
      }),
      http.all(`${base}/api/sample`, ({ request }) => protectedResponse(server, request, 'Bearer')),
      http.get(
        api.countries,
        apiRoute(() => ok(COUNTRIES)),
      ),
      http.get(
        api.channels,
        apiRoute(() => ok(CHANNELS)),
      ),
      http.post(api.calculateFee, apiRoute(calculateFee)),
    ],
  };
}
