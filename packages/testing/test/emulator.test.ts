import { createMemoryStore, createProvider, isAuthError, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorLogEntry, fakeClock, type ProviderMock, startEmulator } from '../src/index.js';
import type { MastersIndiaMock } from '../src/masters-india/handlers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const build = (mock: ProviderMock) =>
  createProvider(
    { provider: mock.name, ...mock.config() },
    { providers: [mastersIndia, unionService], store: createMemoryStore(), retry: { limit: 0 } },
  );

describe('startEmulator', () => {
  it('listens on a loopback port', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.port).toBeGreaterThan(0);
  });

  it.each(['mastersIndia', 'unionService'] as const)(
    'serves %s over real HTTP, the same behaviour as the handlers',
    async (which) => {
      const mock = emulator[which];
      const before = { ...mock.server.calls };
      const provider = build(mock);
      const api = withAuth(provider);
      const results = await Promise.all(Array.from({ length: 20 }, () => api(mock.protectedUrl)));
      expect(results.map((res) => res.status)).toEqual(Array(20).fill(200));
      expect(mock.server.calls.login - before.login).toBe(1);
      expect(emulator.log.some((entry) => entry.status === 200 && entry.path.includes('sample'))).toBe(true);
    },
  );

  it('injects faults: a reset connection, an HTML 502, a 206', async () => {
    const mock = emulator.mastersIndia;
    mock.server.fail('login', { type: 'network' }, 1);
    await expect(build(mock).getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    mock.server.fail('login', { type: 'html', status: 502 }, 1);
    await expect(build(mock).getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: 502 });
    const wrong = createProvider(
      { provider: 'masters-india', ...mock.config({ password: 'wrong' }) },
      { providers: [mastersIndia], store: createMemoryStore() },
    );
    const error = await wrong.getToken().catch((e: unknown) => e);
    expect(isAuthError(error) && error.code).toBe('INVALID_CREDENTIALS');
    expect(emulator.log.some((entry) => entry.status === 206)).toBe(true);
  });

  it('answers unknown paths with 404 and keeps the Date header of the provider clock', async () => {
    const res = await fetch(`${emulator.url}/nope`);
    expect(res.status).toBe(404);
    const token = await fetch(`${emulator.url}/api/v1/token-auth/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: emulator.mastersIndia.server.username,
        password: emulator.mastersIndia.server.password,
      }),
    });
    expect(token.status).toBe(200);
    expect(Math.abs(Date.parse(token.headers.get('date') ?? '') - Date.now())).toBeLessThan(2000);
  });

  it('closes', async () => {
    const other = await startEmulator({ port: 0 });
    await other.close();
    await expect(fetch(`${other.url}/nope`)).rejects.toThrow();
  });
});

describe('startEmulator: hooks, handlers of your own, CORS', () => {
  const started: Emulator[] = [];
  afterAll(async () => {
    await Promise.all(started.map((running) => running.close()));
  });
  const start = async (options: Parameters<typeof startEmulator>[0]) => {
    const running = await startEmulator(options);
    started.push(running);
    return running;
  };

  it('calls onRequest with each request answered (headers without authorization), as log records it', async () => {
    const seen: EmulatorLogEntry[] = [];
    const running = await start({ onRequest: (entry) => seen.push(entry) });
    const provider = unionService(running.unionService.config(), { store: createMemoryStore() });
    const header = await provider.getAuthorizationHeader();
    const res = await fetch(`${running.unionService.protectedUrl}?page=2`, {
      headers: { authorization: header, 'x-request-id': 'r-1' },
    });
    expect(res.status).toBe(200);
    expect(seen).toEqual(running.log);
    expect(seen.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'POST /union-service/auth/token?api-version=1.0 200',
      'GET /union-service/api/sample?page=2 200',
    ]);
    const [, sample] = seen;
    expect(sample?.url).toBe(`${running.unionService.protectedUrl}?page=2`);
    expect(sample?.headers['x-request-id']).toBe('r-1');
    expect(sample?.headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(seen)).not.toContain(header.slice('Bearer '.length));
  });

  it('serves handlers of your own first, matching the path on its origin', async () => {
    const running = await start({
      handlers: [
        http.get(/\/api\/orders$/, () => HttpResponse.json([{ id: 1 }])),
        http.all('*/api/v1/sample/', () => HttpResponse.json({ replaced: true })),
      ],
    });
    expect(await (await fetch(`${running.url}/api/orders`)).json()).toEqual([{ id: 1 }]);
    expect(await (await fetch(`${running.mastersIndia.protectedUrl}`)).json()).toEqual({ replaced: true });
    expect((await fetch(`${running.url}/union-service/api/sample`)).status).toBe(401);
  });

  it('without cors: no CORS headers, and a preflight is not answered as one', async () => {
    const running = await start({});
    const res = await fetch(running.unionService.protectedUrl, { headers: { origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(running.unionService.protectedUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with cors: answers the preflight of another loopback origin, then its call with a token', async () => {
    const running = await start({ cors: true });
    const origin = 'http://localhost:5173';
    const preflight = await fetch(running.unionService.protectedUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'Authorization, Content-Type, X-Request-Id',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-request-id']),
    );

    const provider = unionService(running.unionService.config(), { store: createMemoryStore() });
    const res = await fetch(running.unionService.protectedUrl, {
      method: 'POST',
      headers: { origin, authorization: await provider.getAuthorizationHeader(), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
    const token = await fetch(running.unionService.tokenUrl, {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:3000', 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo@example.com', password: 'demo-password' }),
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    expect(token.headers.get('access-control-expose-headers')).toContain('date');
  });

  it('with cors: other origins get no CORS headers, and their preflight a 403', async () => {
    const running = await start({ cors: true });
    const origin = 'https://elsewhere.example';
    const preflight = await fetch(running.unionService.protectedUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(running.unionService.protectedUrl, { headers: { origin } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('startEmulator: real API paths', () => {
  let running: Emulator;
  beforeAll(async () => {
    running = await startEmulator();
  });
  afterAll(async () => {
    await running.close();
  });

  // `Emulator.mastersIndia` is typed `ProviderMock`; the handlers return the richer mock.
  const mi = () => running.mastersIndia as MastersIndiaMock;
  const unionHeader = () =>
    unionService(running.unionService.config(), { store: createMemoryStore() }).getAuthorizationHeader();
  const miHeader = () => mastersIndia(mi().config(), { store: createMemoryStore() }).getAuthorizationHeader();
  const moved = (mock: ProviderMock) => {
    const before = { ...mock.server.calls };
    return () => ({
      api: mock.server.calls.api - before.api,
      apiRejected: mock.server.calls.apiRejected - before.apiRejected,
    });
  };
  const FEE_REQUEST = {
    sendCurrencyCode: 'USD',
    receiveCurrencyCode: 'USD',
    sendAmount: 9559.25,
    senderMemberCode: 'bwp-aNs',
    receiveInCountryCode: 'US',
    receiverMemberCode: '010203',
    channelType: 'Transfer2Wallet',
    createCurrencyRateToken: true,
  };
  const EWAY_BILL = {
    userGstin: '05AAABB0639G1Z8',
    supply_type: 'outward',
    sub_supply_type: 'Supply',
    document_type: 'tax invoice',
    document_number: 'INV-0042',
    document_date: '01/12/2026',
    gstin_of_consignor: '05AAABB0639G1Z8',
    gstin_of_consignee: '05AAABC0181E1ZE',
    total_invoice_value: 1180,
    itemList: [{ product_name: 'Widget', hsn_code: '8471', quantity: 1, taxable_amount: 1000 }],
  };

  it('exposes the union-service paths of the swagger under the prefix', () => {
    const base = `${running.url}/union-service`;
    expect(running.unionService.api).toEqual({
      countries: `${base}/members/countries`,
      channels: `${base}/members/channels`,
      calculateFee: `${base}/transfers/calculate-fee`,
    });
    expect(mi().api).toEqual({
      ewayBillsGenerate: `${running.url}/api/v1/ewayBillsGenerate/`,
      getEinvoice: `${running.url}/api/v1/get-einvoice/`,
    });
  });

  it('union-service: answers the swagger example bodies to Bearer <live token>', async () => {
    const calls = moved(running.unionService);
    const authorization = await unionHeader();
    const countries = await fetch(`${running.unionService.api.countries}?api-version=1.0`, {
      headers: { authorization },
    });
    expect(countries.status).toBe(200);
    expect(countries.headers.get('content-type')).toBe('application/vnd.restful+json');
    expect(await countries.json()).toContainEqual({ countryCode: 'US', countryName: 'United States' });

    const channels = await fetch(`${running.unionService.api.channels}?country-code=TR`, {
      headers: { authorization },
    });
    expect(await channels.json()).toContainEqual({ channelType: 'Transfer2Iban', currencies: ['TRY', 'USD', 'EUR'] });

    const fee = await fetch(`${running.unionService.api.calculateFee}?api-version=1.0`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json-patch+json' },
      body: JSON.stringify(FEE_REQUEST),
    });
    expect(fee.status).toBe(200);
    expect(await fee.json()).toMatchObject({
      feeCurrency: 'USD',
      feeAmount: 10.95,
      sendCurrencyCode: 'USD',
      sendAmount: 9559.25,
      receiveAmount: 9559.25,
      currencyRateToken: expect.any(String),
      currencyRateTokenExpireDate: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    expect(calls()).toEqual({ api: 3, apiRejected: 0 });
  });

  it('union-service: 400 validation ProblemDetails for missing or mistyped fields, 415 for a non-JSON body', async () => {
    const authorization = await unionHeader();
    const { sendAmount: _, channelType: __, ...partial } = FEE_REQUEST;
    const res = await fetch(running.unionService.api.calculateFee, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ ...partial, channelType: 'Carrier pigeon' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/vnd.restful+json');
    expect(await res.json()).toMatchObject({
      title: 'One or more validation errors occurred.',
      status: 400,
      traceId: expect.any(String),
      errors: { SendAmount: ['The SendAmount field is required.'], '$.channelType': [expect.any(String)] },
    });
    const text = await fetch(running.unionService.api.calculateFee, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/plain' },
      body: 'fee?',
    });
    expect(text.status).toBe(415);
    const version = await fetch(`${running.unionService.api.countries}?api-version=9.9`, {
      headers: { authorization },
    });
    expect(version.status).toBe(400);
    expect(await version.json()).toMatchObject({ title: 'Unsupported API version' });
  });

  it('union-service: 401 with an empty body and an ASP.NET Core bearer challenge', async () => {
    const calls = moved(running.unionService);
    const none = await fetch(running.unionService.api.countries);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.text()).toBe('');

    const forged = await fetch(running.unionService.api.countries, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="/);

    const authorization = await unionHeader();
    running.unionService.server.revokeAccessTokens();
    const revoked = await fetch(running.unionService.api.countries, { headers: { authorization } });
    expect(revoked.status).toBe(401);
    expect(await revoked.text()).toBe('');
    // A JWT scheme is not a Bearer one.
    const wrongScheme = await fetch(running.unionService.api.countries, {
      headers: { authorization: authorization.replace('Bearer', 'JWT') },
    });
    expect(wrongScheme.status).toBe(401);
    expect(calls()).toEqual({ api: 4, apiRejected: 4 });
  });

  it('union-service: a token that expired on the server clock is named so in the challenge', async () => {
    const clock = fakeClock();
    const other = await startEmulator({ now: clock.now });
    try {
      const authorization = await unionService(other.unionService.config(), {
        store: createMemoryStore(),
        clock,
      }).getAuthorizationHeader();
      clock.advance(11 * 3_600_000);
      const res = await fetch(other.unionService.api.countries, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/error_description="The token expired at '\d{4}-/);
    } finally {
      await other.close();
    }
  });

  it('union-service: faults and renewal apply to the API paths (withAuth renews after a 401)', async () => {
    const mock = running.unionService;
    mock.server.fail('api', { type: 'status', status: 503, body: { title: 'Service Unavailable' } }, 1);
    const calls = moved(mock);
    const authorization = await unionHeader();
    expect((await fetch(mock.api.countries, { headers: { authorization } })).status).toBe(503);

    const provider = build(mock);
    const api = withAuth(provider);
    expect((await api(mock.api.countries)).status).toBe(200);
    const renewals = () => mock.server.calls.login + mock.server.calls.refresh;
    const renewalsBefore = renewals();
    mock.server.revokeAccessTokens();
    const res = await api(mock.api.calculateFee, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(FEE_REQUEST),
    });
    expect(res.status).toBe(200);
    expect(renewals() - renewalsBefore).toBe(1); // a refresh: its refresh token is still alive
    expect(calls()).toEqual({ api: 4, apiRejected: 1 });
  });

  it('masters-india: generates an e-way bill and gets an e-invoice for JWT <live token>', async () => {
    const calls = moved(mi());
    const authorization = await miHeader();
    const generated = await fetch(mi().api.ewayBillsGenerate, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(EWAY_BILL),
    });
    expect(generated.status).toBe(200);
    expect(await generated.json()).toEqual({
      results: {
        message: {
          ewayBillNo: expect.any(Number),
          ewayBillDate: expect.stringMatching(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d [AP]M$/),
          validUpto: expect.stringMatching(/^\d\d\/\d\d\/\d{4} 11:59:00 PM$/),
          alert: '',
          error: false,
        },
        errorMessage: '',
        InfoDtls: '',
        status: 'Success',
        code: 200,
        requestId: '',
      },
    });

    const irn = 'a5c12dca80e743321740b001fd70953e8738d109865d28ba4013750f2046f229';
    const invoice = await fetch(`${mi().api.getEinvoice}?gstin=05AAABB0639G1Z8&irn=${irn}`, {
      headers: { authorization },
    });
    expect(invoice.status).toBe(200);
    expect(await invoice.json()).toMatchObject({
      results: { code: 200, status: 'Success', message: { Irn: irn, Status: 'ACT', AckNo: expect.any(Number) } },
    });
    expect(calls()).toEqual({ api: 2, apiRejected: 0 });
  });

  it('masters-india: reports a missing field as a 200 whose body says code 204, as the provider does', async () => {
    const authorization = await miHeader();
    const { userGstin: _, ...partial } = EWAY_BILL;
    const res = await fetch(mi().api.ewayBillsGenerate, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(partial),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      results: { code: 204, status: 'No Content', message: expect.stringContaining('userGstin') },
    });
    const invoice = await fetch(mi().api.getEinvoice, { headers: { authorization } });
    expect(await invoice.json()).toMatchObject({ results: { code: 204 } });
  });

  it('masters-india: 401 as djangorestframework-jwt answers, with WWW-Authenticate: JWT realm="api"', async () => {
    const calls = moved(mi());
    const none = await fetch(mi().api.getEinvoice);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('JWT realm="api"');
    expect(await none.json()).toEqual({ detail: 'Authentication credentials were not provided.' });

    const forged = await fetch(mi().api.getEinvoice, { headers: { authorization: 'JWT not.a.token' } });
    expect(await forged.json()).toEqual({ detail: 'Error decoding signature.' });

    const authorization = await miHeader();
    const bearer = await fetch(mi().api.getEinvoice, {
      headers: { authorization: authorization.replace('JWT', 'Bearer') },
    });
    expect(bearer.status).toBe(401);
    expect(calls()).toEqual({ api: 3, apiRejected: 3 });
  });

  it('masters-india: "Signature has expired." for a token past its exp on the server clock; withAuth renews', async () => {
    const clock = fakeClock();
    const other = await startEmulator({ now: clock.now });
    try {
      const mock = other.mastersIndia as MastersIndiaMock;
      const provider = mastersIndia(mock.config(), { store: createMemoryStore(), clock });
      const authorization = await provider.getAuthorizationHeader();
      clock.advance(25 * 3_600_000);
      const res = await fetch(mock.api.getEinvoice, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ detail: 'Signature has expired.' });

      mock.server.fail('api', { type: 'network' }, 1);
      await expect(fetch(mock.api.ewayBillsGenerate, { method: 'POST', headers: { authorization } })).rejects.toThrow();
      const generated = await withAuth(provider)(mock.api.ewayBillsGenerate, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(EWAY_BILL),
      });
      expect(generated.status).toBe(200);
      expect(mock.server.calls).toMatchObject({ api: 3, apiRejected: 1 });
    } finally {
      await other.close();
    }
  });
});
