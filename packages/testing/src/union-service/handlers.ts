import { HttpResponse, http } from 'msw';
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
   * The token answer's field names: the auth page's snake_case (`access_token`, …) or the
   * swagger `TokenResponse`'s camelCase (`accessToken`, …).
   * @default 'snake'
   */
  casing?: 'snake' | 'camel';
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
   * The `api-version` values the token endpoints accept (absent means the first).
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
}

const HOUR = 3_600_000;
const PROBLEM = { 'content-type': 'application/vnd.restful+json' };
// The media types the swagger lists for both token endpoints' request bodies.
const JSON_TYPES = /^(?:application\/(?:json|json-patch\+json|[\w.+-]+\+json)|text\/json)\s*(?:;|$)/i;

/**
 * msw handlers of IstPay's Union API ("union-service") token endpoints, faithful to its
 * documents: `POST {base}/union-service/auth/token` and `/auth/refresh-token` with
 * `api-version`, snake_case or camelCase answers with the documented lifetimes (access 10 h,
 * refresh 30 min), rotating refresh tokens, ASP.NET validation errors, Keycloak `invalid_grant`
 * refusals (passed through or wrapped in a 500 ProblemDetails), a `Date` header on the
 * server's clock, injected faults, and a protected sample endpoint at
 * `{base}{pathPrefix}/api/sample`.
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
    const body =
      casing === 'snake'
        ? {
            access_token: tokens.access,
            expires_in: expiresIn,
            refresh_expires_in: refreshExpiresIn,
            refresh_token: tokens.refresh,
            token_type: tokenType,
            'not-before-policy': 0,
            session_state: sessionState,
            scope: 'email profile',
          }
        : {
            accessToken: tokens.access,
            expiresIn,
            refreshExpiresIn,
            refreshToken: tokens.refresh,
            tokenType,
            notBeforePolicy: 0,
            sessionState,
            scope: 'email profile',
          };
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
    const url = new URL(request.url);
    const version = url.searchParams.get('api-version') ?? apiVersions[0];
    if (version === undefined || !apiVersions.includes(version)) {
      return finish(
        problem(400, {
          type: 'https://docs.api-versioning.org/problems#unsupported',
          title: 'Unsupported API version',
          detail: `The HTTP resource that matches the request URI '${url.origin}${url.pathname}' does not support the API version '${version}'.`,
        }),
      );
    }
    if (!JSON_TYPES.test(request.headers.get('content-type') ?? '')) {
      return finish(
        problem(415, { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.13', title: 'Unsupported Media Type' }),
      );
    }
    if (typeof received.body !== 'object' || received.body === null || Array.isArray(received.body)) {
      return finish(validation({ $: ['The JSON value could not be converted to the request model.'] }));
    }
    return { body: received.fields };
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
    ],
  };
}
