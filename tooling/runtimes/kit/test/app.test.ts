/**
 * A user's own test of the app (src/app.ts) with this leg's msw: `setupServer` from `msw/node`,
 * the kit's union-service handlers, and a handler of the user's own (`http`, `HttpResponse`).
 */
import { fakeClock, mockedProvider, unionServiceHandlers } from '@authwire/testing';
import { unionService } from '@authwire/union-service';
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { transferQuotes } from '../src/app.js';

const server: SetupServer = setupServer();
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const base = (mock: { baseUrl: string }) => `${mock.baseUrl}/union-service`;

it('quotes a transfer: one login, the Bearer token on the API call', async () => {
  const clock = fakeClock();
  const mock = unionServiceHandlers({ now: clock.now });
  server.use(...mock.handlers);
  const quotes = transferQuotes(unionService(mock.config(), { clock }), base(mock));

  expect(await quotes.quote({ sendAmount: 100, receiverMemberCode: 'M-2' })).toEqual({
    fee: '10.95 USD',
    total: '110.95 USD',
  });
  expect(mock.server.calls).toEqual({ login: 1, refresh: 0, api: 1, apiRejected: 0 });
});

it('survives a revoked token: one renewal, the POST replayed once with its body', async () => {
  const { provider, mock, calls } = mockedProvider({ factory: unionService, mock: unionServiceHandlers, msw: server });
  const quotes = transferQuotes(provider, base(mock));
  await quotes.quote({ sendAmount: 5, receiverMemberCode: 'M-2' });
  mock.server.revokeAccessTokens();

  expect(await quotes.quote({ sendAmount: 20, receiverMemberCode: 'M-3' })).toEqual({
    fee: '10.95 USD',
    total: '30.95 USD',
  });
  expect({ api: calls.api, apiRejected: calls.apiRejected, renewals: calls.login + calls.refresh }).toEqual({
    api: 3,
    apiRejected: 1,
    renewals: 2,
  });
});

it("takes the user's own handler before the kit's: a 503 from the union surfaces as the app's error", async () => {
  const mock = unionServiceHandlers();
  server.use(...mock.handlers);
  server.use(
    http.post(`${base(mock)}/transfers/calculate-fee`, () => HttpResponse.json({ title: 'down' }, { status: 503 })),
  );
  const quotes = transferQuotes(unionService(mock.config()), base(mock));

  await expect(quotes.quote({ sendAmount: 1, receiverMemberCode: 'M-2' })).rejects.toThrow(
    'calculate-fee answered 503',
  );
  expect(mock.server.calls.api).toBe(0); // the kit's own calculate-fee route was never asked
});
