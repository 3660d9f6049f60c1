import { oauth2Handlers } from '@authwire/testing';
import { describeAdapterConformance } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { oauth2 } from '../src/index.js';

// Keycloak's defaults: client credentials, client_secret_basic, no refresh token for a client.
describeAdapterConformance({ factory: oauth2, mock: oauth2Handlers, refresh: false });

describe('password grant, client_secret_post, token endpoint from OIDC discovery: refresh with rotation', () => {
  describeAdapterConformance({
    factory: oauth2,
    mock: (options) => oauth2Handlers({ ...options, grant: 'password', endpoint: 'issuer' }),
    refresh: true,
    additionalTests: ({ setup }) => {
      it('reads the discovery document once for every token request of the provider', async () => {
        const { provider, mock, clock } = setup({ accessLifetimeMs: 3_600_000, refreshLifetimeMs: 7_200_000 });
        await provider.getToken();
        clock.advance(3_600_000);
        await provider.getToken();
        expect(mock.server.requests.map((request) => request.operation)).toEqual(['login', 'refresh']);
        expect(mock.discovery.calls).toBe(1);
      });
    },
  });
});

describe('client credentials with refresh tokens (Keycloak: "Use refresh tokens for client credentials grant")', () => {
  describeAdapterConformance({
    factory: oauth2,
    mock: (options) => oauth2Handlers({ ...options, clientCredentialsRefreshTokens: true }),
    refresh: true,
  });
});
