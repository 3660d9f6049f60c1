import { withAuth } from '@authwire/core';
import { mockedProvider } from '@authwire/testing';
import { describeAdapterConformance, useMswServer } from '@authwire/testing/vitest';
import { expect, it } from 'vitest';
import { acme } from '../src/acme.js';
import { acmeHandlers } from '../src/acme-handlers.js';

// Everything every adapter must do: caching, single flight, refresh then login, errors, secrets…
describeAdapterConformance({
  factory: acme,
  mock: acmeHandlers,
  refresh: true,
  additionalTests: ({ setup }) => {
    it('logs in with the client id and secret as JSON', async () => {
      const { provider, mock } = setup();
      await provider.getToken();
      expect(mock.server.requests[0]?.body).toEqual({ clientId: 'shop-42', clientSecret: mock.server.password });
    });
  },
});

// …and the adapter at work, as an application uses it.
const msw = useMswServer();

it('sends Acme its token, once per lifetime, and recovers from a revoked one', async () => {
  const { provider, mock, clock, calls } = mockedProvider({ factory: acme, mock: acmeHandlers, msw });
  const api = withAuth(provider);
  for (let i = 0; i < 3; i++) expect((await api(mock.protectedUrl)).status).toBe(200);
  expect(calls.login).toBe(1);
  clock.advance(3_600_000); // expired: renewed with the refresh token
  expect((await api(mock.protectedUrl)).status).toBe(200);
  expect(calls.refresh).toBe(1);
  mock.server.revokeAccessTokens(); // a 401: one renewal, one replay
  expect((await api(mock.protectedUrl)).status).toBe(200);
  expect(calls.refresh + calls.login).toBe(3);
});
