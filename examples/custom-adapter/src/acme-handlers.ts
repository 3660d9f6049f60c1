import { type ProviderMock, protectedResponse, TokenServer, type TokenServerOptions } from '@authwire/testing';
import { HttpResponse, http } from 'msw';
import type { AcmeConfig } from './acme.js';

/**
 * msw handlers of the Acme token endpoints, built on the kit's {@link TokenServer} (credentials,
 * clock, issued tokens, rotation, counters, injected faults) — what the conformance suite needs.
 *
 * @example
 * ```ts
 * const mock = acmeHandlers({ now: clock.now });
 * server.use(...mock.handlers);
 * ```
 */
export function acmeHandlers(options: TokenServerOptions = {}): ProviderMock<AcmeConfig> {
  const baseUrl = 'https://api.acme.test';
  const server = new TokenServer(
    { username: 'shop-42', password: 'acme-secret', ...options },
    { accessLifetimeMs: 3_600_000, refreshLifetimeMs: 7 * 86_400_000 },
  );
  const answer = (tokens: { access: string; refresh: string; accessExpiresAt: number }) =>
    HttpResponse.json(
      {
        access_token: tokens.access,
        expires_in: Math.round((tokens.accessExpiresAt - server.now()) / 1000),
        refresh_token: tokens.refresh,
      },
      { headers: server.dateHeaders() },
    );
  return {
    name: 'acme',
    baseUrl,
    scheme: 'Bearer',
    protectedUrl: `${baseUrl}/api/orders`,
    server,
    config: (overrides = {}) => ({
      baseUrl,
      clientId: server.username,
      clientSecret: server.password,
      ...overrides,
    }),
    handlers: [
      http.post(`${baseUrl}/auth/login`, async ({ request }) => {
        const received = await server.receive('login', request);
        if ('response' in received) return received.response;
        const { clientId, clientSecret } = received.fields;
        if (!server.checkCredentials(clientId, clientSecret)) {
          return server.finish('login', HttpResponse.json({ error: 'invalid_client' }, { status: 401 }));
        }
        return server.finish('login', answer(server.issue()));
      }),
      http.post(`${baseUrl}/auth/refresh`, async ({ request }) => {
        const received = await server.receive('refresh', request);
        if ('response' in received) return received.response;
        const outcome = server.refresh(received.fields.refreshToken);
        if (!outcome.ok) {
          return server.finish('refresh', HttpResponse.json({ error: 'invalid_grant' }, { status: 401 }));
        }
        return server.finish('refresh', answer(outcome.tokens));
      }),
      http.all(`${baseUrl}/api/orders`, ({ request }) => protectedResponse(server, request, 'Bearer')),
    ],
  };
}
