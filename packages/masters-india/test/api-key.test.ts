import { inspect } from 'node:util';
import { type AuthEvent, createProvider, isAuthError, withAuth } from '@authwire/core';
import { fakeClock, mastersIndiaHandlers, mockedProvider } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type MastersIndiaConfig, mastersIndia } from '../src/index.js';

const API_KEY = 'mi-api-key-Xr42-never-shown';
const PLATFORM = 'https://api-platform.mastersindia.co';
const EWAY_BILL = {
  userGstin: '05AAABB0639G1Z8',
  supply_type: 'outward',
  document_type: 'Tax Invoice',
  document_number: 'INV-1',
  document_date: '01/12/2026',
};

const server = useMswServer();

function configError(config: unknown) {
  try {
    mastersIndia(config as MastersIndiaConfig);
  } catch (error) {
    if (isAuthError(error)) return error;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('mastersIndia({ apiKey }): the permanent api_key of e-way bill and e-invoice', () => {
  it('sends api_key: <key> to the host, logs in never, and the API accepts it', async () => {
    const mock = mastersIndiaHandlers({ apiKey: API_KEY });
    server.use(...mock.handlers);
    const provider = mastersIndia(mock.keyConfig());
    expect(provider).toMatchObject({ name: 'masters-india', headerName: 'api_key', origins: [PLATFORM] });
    expect(await provider.getAuthorizationHeader()).toBe(API_KEY);
    const api = withAuth(provider);
    const generated = await api(mock.api.ewayBillsGenerate, { method: 'POST', body: JSON.stringify(EWAY_BILL) });
    expect(generated.status).toBe(200);
    expect(await generated.json()).toMatchObject({ results: { status: 'Success', code: 200 } });
    const einvoice = await api(`${mock.api.getEinvoice}?gstin=${EWAY_BILL.userGstin}&irn=abc`);
    expect(einvoice.status).toBe(200);
    expect(mock.server.calls).toMatchObject({ login: 0, refresh: 0, api: 2, apiRejected: 0 });
  });

  it('a wrong key: the 401 is returned as it is, with no login and no replay', async () => {
    const mock = mastersIndiaHandlers({ apiKey: API_KEY });
    server.use(...mock.handlers);
    const api = withAuth(mastersIndia(mock.keyConfig({ apiKey: 'not-the-key-0000' })));
    const response = await api(mock.api.ewayBillsGenerate, { method: 'POST', body: JSON.stringify(EWAY_BILL) });
    expect(response.status).toBe(401);
    expect(mock.server.calls).toMatchObject({ login: 0, refresh: 0, api: 1, apiRejected: 1 });
  });

  it('the environment names the host the key goes to, and no other origin gets it', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get('https://*/probe', ({ request }) => {
        seen.push(request.headers.get('api_key'));
        return HttpResponse.json({});
      }),
    );
    const events: AuthEvent[] = [];
    const provider = mastersIndia({ apiKey: API_KEY, environment: 'production' }, { onEvent: (e) => events.push(e) });
    expect(provider.origins).toEqual(['https://prod-api.mastersindia.co']);
    const api = withAuth(provider);
    await api('https://prod-api.mastersindia.co/probe');
    await api('https://sandb-api.mastersindia.co/probe');
    expect(seen).toEqual([API_KEY, null]);
    expect(events.map((event) => event.type)).toEqual(['token-withheld']);
    expect(mastersIndia({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:4010/' }).origins).toEqual([
      'http://127.0.0.1:4010',
    ]);
  });

  it('exactly one of apiKey and username/password: CONFIG_INVALID otherwise, never quoting a value', () => {
    const both = configError({ apiKey: API_KEY, username: 'me@example.com', password: 'pw-Secret-77' });
    expect(both.code).toBe('CONFIG_INVALID');
    expect(both.message).toContain('use either apiKey or username and password, not both');
    expect(both.message).toMatch(/invalid config: username\n/);
    const neither = configError({ environment: 'sandbox' });
    expect(neither.message).toMatch(/invalid config: username, password\n/);
    expect(neither.message).toContain('or apiKey');
    const extra = configError({ apiKey: API_KEY, apiVersion: 'v2' });
    expect(extra.message).toContain('apiVersion: not used with apiKey (give apiKey with baseUrl or environment only)');
    const spaced = configError({ apiKey: `${API_KEY} x` });
    expect(spaced.message).toMatch(/invalid config: apiKey\n/);
    const empty = configError({ apiKey: '' });
    expect(empty.message).toMatch(/invalid config: apiKey\n/);
    for (const error of [both, neither, extra, spaced]) {
      const text = [error.message, error.stack, inspect(error, { depth: 5 }), JSON.stringify(error)].join('\n');
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain('pw-Secret-77');
    }
  });

  it('never shows the key, and createProvider / the CLI see it as a secret field', () => {
    const provider = mastersIndia({ apiKey: API_KEY });
    expect(inspect(provider, { depth: 5, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(provider)).not.toContain(API_KEY);
    expect(mastersIndia.secretFields).toEqual(['password', 'apiKey']);
    const fromConfig = createProvider({ provider: 'masters-india', apiKey: API_KEY }, { providers: [mastersIndia] });
    expect(fromConfig.headerName).toBe('api_key');
  });
});

describe('mastersIndia: a login answered with access_token and expires_in', () => {
  it('takes access_token as the token, expires_in for its lifetime, and renews by refresh', async () => {
    const clock = fakeClock(Date.parse('2026-03-02T09:00:00Z'));
    const { make, calls, mock } = mockedProvider({
      factory: mastersIndia,
      mock: (onClock) =>
        mastersIndiaHandlers({ ...onClock, responseShape: 'access_token', accessLifetimeMs: 3_600_000 }),
      msw: server,
      clock,
    });
    const provider = make();
    const first = await provider.getToken();
    expect(mock.server.accepts(first.value)).toBe(true);
    expect(first.scheme).toBe('JWT');
    expect(first.expiresAt).toBe(clock.now() + 3_600_000);
    expect(first.refreshToken).toBeDefined();
    clock.advance(3_600_000);
    const second = await provider.getToken();
    expect(second.value).not.toBe(first.value);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });

  it('an answer with neither token nor access_token is UNEXPECTED_RESPONSE', async () => {
    server.use(http.post(`${PLATFORM}/api/v1/token-auth/`, () => HttpResponse.json({ expires_in: 60 })));
    const error = await mastersIndia({ username: 'u@example.com', password: 'p-999' })
      .getToken()
      .catch((caught: unknown) => caught);
    expect(isAuthError(error) && error.code).toBe('UNEXPECTED_RESPONSE');
    expect(isAuthError(error) && error.message).toContain('token or access_token is required');
  });
});
