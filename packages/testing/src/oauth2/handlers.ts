import { HttpResponse, http, type JsonBodyType } from 'msw';
import { type Fault, faultResponse } from '../server/faults.js';
import { protectedResponse } from '../server/protected-endpoint.js';
import type { ProviderMock } from '../server/provider-mock.js';
import { type IssuedTokens, TokenServer, type TokenServerOptions } from '../server/token-server.js';
import type { OAuth2MockConfig } from './mock-config.js';

/**
 * Options of {@link oauth2Handlers}: the shared {@link TokenServerOptions} plus the realm's own.
 * The shared `username` and `password` are the **confidential client's** id and secret (what the
 * suites set as the secret under test); the password grant's user is `user`.
 *
 * @example
 * ```ts
 * import { fakeClock, oauth2Handlers } from '@authwire/testing';
 *
 * const clock = fakeClock();
 * oauth2Handlers({ realm: 'shop', grant: 'password', accessLifetimeMs: 60_000, now: clock.now });
 * ```
 */
export interface OAuth2HandlersOptions extends TokenServerOptions {
  /**
   * The Keycloak server: the realm lives at `{baseUrl}/realms/{realm}`.
   * @default 'https://sso.example.com'
   */
  baseUrl?: string;
  /** @default 'authwire' */
  realm?: string;
  /**
   * The API the tokens are for: the protected endpoint is `{apiUrl}/api/sample`, and `config()`'s
   * `origins` is its origin.
   * @default baseUrl
   */
  apiUrl?: string;
  /**
   * A public client of the realm (no secret): direct access grants (`password`) only.
   * @default 'authwire-public'
   */
  publicClientId?: string;
  /**
   * The realm's user, for the `password` grant.
   * @default { username: 'demo@example.com', password: 'demo-password' }
   */
  user?: { username: string; password: string };
  /**
   * The `grant` of `config()`: `'password'` adds the user's `username` and `password`.
   * @default 'client_credentials'
   */
  grant?: 'client_credentials' | 'password';
  /**
   * Whether `config()` names the token endpoint (`tokenUrl`) or the realm's `issuer` (OIDC
   * discovery).
   * @default 'tokenUrl'
   */
  endpoint?: 'tokenUrl' | 'issuer';
  /**
   * Keycloak's "Use refresh tokens for client credentials grant": off by default, as in Keycloak
   * (a `client_credentials` answer then has no `refresh_token`).
   * @default false
   */
  clientCredentialsRefreshTokens?: boolean;
  /**
   * The `token_type` of the answers; the protected endpoint expects it as the scheme (`bearer` in
   * any case as `Bearer`).
   * @default 'Bearer'
   */
  tokenType?: string;
  /**
   * Whether answers carry `expires_in` (without it, a client reads the access token's JWT `exp`).
   * @default true
   */
  sendExpiresIn?: boolean;
  /**
   * The client scopes of the realm: a request for another one is refused (`400 invalid_scope`).
   * `offline_access` gets an offline token (`refresh_expires_in: 0`; it still dies after
   * `refreshLifetimeMs` unused, as Keycloak's offline session idle timeout).
   * @default ['openid', 'profile', 'email', 'offline_access', 'roles', 'orders:read', 'orders:write']
   */
  scopes?: string[];
}

/**
 * The realm's OpenID Connect discovery document: its URL, how often it was fetched, and faults.
 *
 * @example
 * ```ts
 * import { oauth2Handlers } from '@authwire/testing';
 *
 * const mock = oauth2Handlers();
 * mock.discovery.fail({ type: 'status', status: 503 }, 1);
 * mock.discovery.calls; // 0
 * ```
 */
export interface OAuth2Discovery {
  /** `{issuer}/.well-known/openid-configuration`. */
  readonly url: string;
  /** GET requests answered, faulted ones included. */
  readonly calls: number;
  /** Fails the next `times` requests with `fault` (all of them when omitted). */
  fail(fault: Fault, times?: number): void;
  /** Clears the discovery fault (`server.heal()` does not). */
  heal(): void;
}

/**
 * The OAuth2 realm mock: a {@link ProviderMock} plus the realm's addresses, its public client,
 * its user and its discovery document.
 *
 * @example
 * ```ts
 * import { type OAuth2Mock, oauth2Handlers } from '@authwire/testing';
 *
 * const mock: OAuth2Mock = oauth2Handlers();
 * mock.tokenUrl; // 'https://sso.example.com/realms/authwire/protocol/openid-connect/token'
 * mock.issuer; // 'https://sso.example.com/realms/authwire'
 * ```
 */
export interface OAuth2Mock extends ProviderMock<OAuth2MockConfig> {
  /** `{baseUrl}/realms/{realm}`. */
  readonly issuer: string;
  /** `{issuer}/protocol/openid-connect/token`. */
  readonly tokenUrl: string;
  readonly discovery: OAuth2Discovery;
  /** The public client's id (no secret). */
  readonly publicClientId: string;
  /** The user of the `password` grant. */
  readonly user: { readonly username: string; readonly password: string };
}

const MINUTE = 60_000;
const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'roles', 'orders:read', 'orders:write'];
// RFC 6749 §5.1: token answers are never cached.
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** What the realm remembers of a refresh token it issued. */
interface Grant {
  clientId: string;
  scope: string;
  offline: boolean;
  session: string | undefined;
}

/** An authenticated client, or the refusal of one. */
type ClientAuth = { id: string; confidential: boolean } | { refusal: Response };

/** `application/x-www-form-urlencoded` decoding of one value; `undefined` when it is malformed. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `Authorization: Basic` as RFC 6749 §2.3.1 writes it: base64 of form-encoded id, ':', form-encoded secret. */
function readBasic(header: string): { id: string; secret: string } | undefined {
  let decoded: string;
  try {
    decoded = atob(header.slice('basic '.length).trim());
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? undefined : { id, secret };
}

const toScheme = (tokenType: string) =>
  tokenType.trim() === '' || tokenType.trim().toLowerCase() === 'bearer' ? 'Bearer' : tokenType.trim();

/**
 * msw handlers of a Keycloak-like OAuth 2.0 realm: the token endpoint
 * `{baseUrl}/realms/{realm}/protocol/openid-connect/token` with the `client_credentials`,
 * `password` and `refresh_token` grants, client authentication by `Authorization: Basic` (RFC 6749
 * §2.3.1 form-encoding) or `client_id`/`client_secret` in the body, a public client, RFC 6749
 * §5.2 error answers (`invalid_client` 401, `invalid_grant`, `unauthorized_client`,
 * `invalid_request`, `invalid_scope`, `unsupported_grant_type`), rotating refresh tokens tied to
 * their client, `refresh_expires_in` (0 for `offline_access`), a `Date` header on the server's
 * clock, the discovery document `{issuer}/.well-known/openid-configuration`, injected faults, and
 * a protected API endpoint `{apiUrl}/api/sample`.
 *
 * The confidential client is `username` / `password` of the options (default `authwire-client` /
 * `authwire-client-secret`); tokens live as Keycloak's defaults say (access 5 min, refresh 30
 * min) unless the options say otherwise.
 *
 * @param options - the realm, its clients and user, lifetimes, clock and habits
 * @returns the handlers, the {@link TokenServer} behind them and what a test needs
 * @example
 * ```ts
 * import { oauth2 } from '@authwire/oauth2';
 * import { fakeClock, oauth2Handlers } from '@authwire/testing';
 * import { setupServer } from 'msw/node';
 *
 * const clock = fakeClock();
 * const mock = oauth2Handlers({ now: clock.now });
 * setupServer(...mock.handlers).listen();
 * const provider = oauth2(mock.config(), { clock });
 * await provider.getToken();
 * mock.server.calls; // { login: 1, refresh: 0, api: 0, apiRejected: 0 }
 * ```
 */
export function oauth2Handlers(options: OAuth2HandlersOptions = {}): OAuth2Mock {
  const baseUrl = (options.baseUrl ?? 'https://sso.example.com').replace(/\/+$/, '');
  const apiUrl = (options.apiUrl ?? baseUrl).replace(/\/+$/, '');
  const realm = options.realm ?? 'authwire';
  const publicClientId = options.publicClientId ?? 'authwire-public';
  const user = options.user ?? { username: 'demo@example.com', password: 'demo-password' };
  const grant = options.grant ?? 'client_credentials';
  const endpoint = options.endpoint ?? 'tokenUrl';
  const tokenType = options.tokenType ?? 'Bearer';
  const sendExpiresIn = options.sendExpiresIn ?? true;
  const scopes = new Set(options.scopes ?? DEFAULT_SCOPES);
  const server = new TokenServer(
    {
      ...options,
      username: options.username ?? 'authwire-client',
      password: options.password ?? 'authwire-client-secret',
    },
    { accessLifetimeMs: 5 * MINUTE, refreshLifetimeMs: 30 * MINUTE },
  );
  const issuer = `${baseUrl}/realms/${encodeURIComponent(realm)}`;
  const tokenUrl = `${issuer}/protocol/openid-connect/token`;
  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  const protectedUrl = `${apiUrl}/api/sample`;
  const grants = new Map<string, Grant>();
  let discoveryFault: { fault: Fault; remaining: number } | undefined;
  let discoveryCalls = 0;

  const json = (body: JsonBodyType, status = 200, headers: Record<string, string> = {}) =>
    HttpResponse.json(body, { status, headers: { ...NO_STORE, ...server.dateHeaders(), ...headers } });
  /** An RFC 6749 §5.2 error answer. */
  const refuse = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
    json({ error, error_description: description }, status, headers);

  /** RFC 6749 §2.3: Basic or the body, never both; the confidential client with its secret, or the public one. */
  function authenticate(request: Request, fields: Record<string, unknown>): ClientAuth {
    const header = request.headers.get('authorization') ?? '';
    const basic = /^basic /i.test(header);
    // A client that tried Basic is answered with the challenge of its scheme (RFC 6749 §5.2).
    const challenge = basic ? { 'www-authenticate': `Basic realm="${realm}"` } : {};
    const invalidClient = () => ({
      refusal: refuse(401, 'invalid_client', 'Invalid client or Invalid client credentials', challenge),
    });
    let id: unknown = fields.client_id;
    let secret: unknown = fields.client_secret;
    if (basic) {
      if (secret !== undefined) {
        return { refusal: refuse(400, 'invalid_request', 'More than one client authentication method was used') };
      }
      const credentials = readBasic(header);
      if (credentials === undefined) return invalidClient();
      if (id !== undefined && id !== credentials.id) {
        return { refusal: refuse(400, 'invalid_request', 'client_id does not match the authenticated client') };
      }
      ({ id, secret } = credentials);
    }
    if (id === publicClientId) return { id, confidential: false };
    if (typeof id !== 'string' || id === '' || !server.checkCredentials(id, secret)) return invalidClient();
    return { id, confidential: true };
  }

  /** The requested scopes, or the refusal of an unknown one. */
  function scopeOf(fields: Record<string, unknown>): { scope: string; offline: boolean } | { refusal: Response } {
    const requested = typeof fields.scope === 'string' ? fields.scope.split(' ').filter((s) => s !== '') : [];
    const unknown = requested.filter((scope) => !scopes.has(scope));
    if (unknown.length > 0) return { refusal: refuse(400, 'invalid_scope', `Invalid scopes: ${unknown.join(' ')}`) };
    return {
      scope: [...new Set([...requested, 'profile', 'email'])].join(' '),
      offline: requested.includes('offline_access'),
    };
  }

  /** Keycloak's token answer; the refresh token only when `withRefresh`. */
  function answer(tokens: IssuedTokens, granted: Grant, withRefresh: boolean): Response {
    const now = server.now();
    const body: Record<string, unknown> = { access_token: tokens.access };
    if (sendExpiresIn) body.expires_in = Math.round((tokens.accessExpiresAt - now) / 1000);
    body.refresh_expires_in = withRefresh && !granted.offline ? Math.round((tokens.refreshExpiresAt - now) / 1000) : 0;
    if (withRefresh) {
      body.refresh_token = tokens.refresh;
      grants.set(tokens.refresh, granted);
    }
    body.token_type = tokenType;
    body['not-before-policy'] = 0;
    if (granted.session !== undefined) body.session_state = granted.session;
    body.scope = granted.scope;
    return json(body);
  }

  async function token(request: Request): Promise<Response> {
    // Which operation this is decides which fault is due: read grant_type before anything else.
    const peek = await request
      .clone()
      .formData()
      .then(
        (form) => form.get('grant_type'),
        () => null,
      );
    const operation = peek === 'refresh_token' ? 'refresh' : 'login';
    const received = await server.receive(operation, request);
    if ('response' in received) return received.response;
    const finish = (response: Response) => server.finish(operation, response);
    if (!/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(request.headers.get('content-type') ?? '')) {
      return finish(refuse(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded'));
    }
    const { fields } = received;
    const client = authenticate(request, fields);
    if ('refusal' in client) return finish(client.refusal);
    const requested = scopeOf(fields);
    if ('refusal' in requested) return finish(requested.refusal);
    const missing = (name: string) => refuse(400, 'invalid_request', `Missing parameter: ${name}`);

    switch (fields.grant_type) {
      case undefined:
        return finish(refuse(400, 'invalid_request', 'Missing form parameter: grant_type'));
      case 'client_credentials': {
        if (!client.confidential) {
          return finish(refuse(400, 'unauthorized_client', 'Public client not allowed to retrieve service account'));
        }
        const granted = { clientId: client.id, ...requested, session: undefined };
        const withRefresh = options.clientCredentialsRefreshTokens ?? false;
        return finish(answer(server.issue(`service-account-${client.id}`), granted, withRefresh));
      }
      case 'password': {
        const [absent] = server.missing(fields, ['username', 'password']);
        if (absent !== undefined) return finish(missing(absent));
        if (fields.username !== user.username || fields.password !== user.password) {
          return finish(refuse(401, 'invalid_grant', 'Invalid user credentials'));
        }
        const granted = { clientId: client.id, ...requested, session: crypto.randomUUID() };
        return finish(answer(server.issue(user.username), granted, true));
      }
      case 'refresh_token': {
        const refreshToken = fields.refresh_token;
        if (typeof refreshToken !== 'string' || refreshToken === '') return finish(missing('refresh_token'));
        const previous = grants.get(refreshToken);
        if (previous !== undefined && previous.clientId !== client.id) {
          return finish(
            refuse(400, 'invalid_grant', "Invalid refresh token. Token client and authorized client don't match"),
          );
        }
        const outcome = server.refresh(refreshToken);
        if (!outcome.ok) {
          const description = {
            unknown: 'Invalid refresh token',
            reused: 'Maximum allowed refresh token reuse exceeded',
            expired: 'Token is not active',
          }[outcome.reason];
          return finish(refuse(400, 'invalid_grant', description));
        }
        // A refresh keeps the session and the scope the token was granted with.
        const granted = previous ?? { clientId: client.id, ...requested, session: undefined };
        return finish(answer(outcome.tokens, granted, true));
      }
      default:
        return finish(refuse(400, 'unsupported_grant_type', 'Unsupported grant_type'));
    }
  }

  async function discoveryDocument(): Promise<Response> {
    discoveryCalls += 1;
    const due = discoveryFault;
    if (due !== undefined) {
      due.remaining -= 1;
      if (due.remaining <= 0) discoveryFault = undefined;
      const faulty = await faultResponse(due.fault, server.dateHeaders());
      if (faulty) return faulty;
    }
    const oidc = `${issuer}/protocol/openid-connect`;
    return json(
      {
        issuer,
        authorization_endpoint: `${oidc}/auth`,
        token_endpoint: tokenUrl,
        introspection_endpoint: `${oidc}/token/introspect`,
        userinfo_endpoint: `${oidc}/userinfo`,
        end_session_endpoint: `${oidc}/logout`,
        jwks_uri: `${oidc}/certs`,
        grant_types_supported: ['authorization_code', 'client_credentials', 'password', 'refresh_token'],
        response_types_supported: ['code'],
        subject_types_supported: ['public', 'pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: [
          'private_key_jwt',
          'client_secret_basic',
          'client_secret_post',
          'tls_client_auth',
          'client_secret_jwt',
        ],
        scopes_supported: [...scopes],
      },
      200,
      { 'cache-control': 'no-cache' },
    );
  }

  const scheme = toScheme(tokenType);
  return {
    name: 'oauth2',
    baseUrl,
    scheme,
    protectedUrl,
    issuer,
    tokenUrl,
    publicClientId,
    user,
    server,
    discovery: {
      url: discoveryUrl,
      get calls() {
        return discoveryCalls;
      },
      fail(fault, times = Number.POSITIVE_INFINITY) {
        discoveryFault = { fault, remaining: times };
      },
      heal() {
        discoveryFault = undefined;
      },
    },
    config: (overrides = {}) => ({
      ...(endpoint === 'issuer' ? { issuer } : { tokenUrl }),
      clientId: server.username,
      clientSecret: server.password,
      ...(grant === 'password' ? { grant: 'password' as const, username: user.username, password: user.password } : {}),
      origins: [new URL(apiUrl).origin],
      ...overrides,
    }),
    handlers: [
      http.post(tokenUrl, ({ request }) => token(request)),
      http.get(discoveryUrl, () => discoveryDocument()),
      http.all(protectedUrl, ({ request }) => protectedResponse(server, request, scheme)),
    ],
  };
}
