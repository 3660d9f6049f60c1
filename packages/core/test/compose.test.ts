import ky from 'ky';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { authHooks, withAuth } from '../src/index.js';
import { acmeSetup, HOUR, useMsw } from './fixtures/setup.js';

const server = useMsw();

/** A foreign origin that records the Authorization header it receives. */
function foreignOrigin() {
  const seen: (string | null)[] = [];
  server.use(
    http.all('https://elsewhere.test/*', ({ request }) => {
      seen.push(request.headers.get('authorization'));
      return HttpResponse.json({ ok: true });
    }),
  );
  return seen;
}

describe('withAuth', () => {
  it('adds the header only for allowed origins', async () => {
    const { provider, mock } = acmeSetup(server);
    const seen = foreignOrigin();
    const api = withAuth(provider);
    expect((await api(mock.protectedUrl)).status).toBe(200);
    await api('https://elsewhere.test/x');
    await api(new URL('https://elsewhere.test/y'));
    expect(seen).toEqual([null, null]);
  });

  it('honours an explicit origins list', async () => {
    const { provider, mock } = acmeSetup(server);
    const seen = foreignOrigin();
    const api = withAuth(provider, { origins: ['https://elsewhere.test'] });
    expect((await api(mock.protectedUrl)).status).toBe(401);
    await api('https://elsewhere.test/x');
    expect(seen[0]).toMatch(/^Bearer /);
  });

  it('leaves a request that already carries Authorization alone', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = withAuth(provider);
    const res = await api(mock.protectedUrl, { headers: { Authorization: 'Bearer caller-owned' } });
    expect(res.status).toBe(401);
    expect(calls.login).toBe(0);
    expect(calls.api).toBe(1); // no replay of a header we did not set
  });

  it('replays once on 401 with a new token, for a Request input with a body', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = withAuth(provider);
    await provider.getToken();
    mock.server.revokeAccessTokens();
    const res = await api(new Request(mock.protectedUrl, { method: 'PUT', body: '{"a":1}' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method: 'PUT', echo: '{"a":1}' });
    expect({ apiRejected: calls.apiRejected, refresh: calls.refresh }).toEqual({ apiRejected: 1, refresh: 1 });
  });

  it('does not replay a one-shot stream body', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = withAuth(provider);
    await provider.getToken();
    mock.server.revokeAccessTokens();
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('stream'));
        controller.close();
      },
    });
    const res = await api(mock.protectedUrl, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(401);
    expect(calls.api).toBe(1);
  });

  it('does not replay when the provider hands out the same token again', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    mock.server.fail('api', { type: 'status', status: 401 });
    mock.server.fail('refresh', { type: 'status', status: 503 });
    mock.server.fail('login', { type: 'status', status: 503 });
    const api = withAuth(provider);
    await expect(api(mock.protectedUrl)).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(calls.api).toBe(0);
  });

  it('uses retryStatuses', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    mock.server.fail('api', { type: 'status', status: 403 }, 1);
    const res = await withAuth(provider, { retryStatuses: [401, 403] })(mock.protectedUrl);
    expect(res.status).toBe(200);
    expect(calls.api).toBe(2);
  });

  it('uses the given fetch', async () => {
    const { provider, mock } = acmeSetup(server);
    const urls: string[] = [];
    const api = withAuth(provider, {
      fetch: (input, init) => {
        urls.push(new Request(input, init).url);
        return fetch(input, init);
      },
    });
    await api(mock.protectedUrl);
    expect(urls).toEqual([mock.protectedUrl]);
  });

  it('a concurrent burst after revocation renews once', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = withAuth(provider);
    await api(mock.protectedUrl);
    mock.server.revokeAccessTokens();
    const statuses = await Promise.all(Array.from({ length: 50 }, () => api(mock.protectedUrl).then((r) => r.status)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(calls.login + calls.refresh).toBe(2);
  });
});

describe('authHooks (ky)', () => {
  it('authorizes requests to allowed origins only', async () => {
    const { provider, mock } = acmeSetup(server);
    const seen = foreignOrigin();
    const api = ky.create({ hooks: authHooks(provider), retry: 0 });
    expect(await api.get(mock.protectedUrl).json()).toMatchObject({ ok: true });
    await api.get('https://elsewhere.test/z');
    expect(seen).toEqual([null]);
  });

  it('replays once on 401, with the body, and never loops', async () => {
    const { provider, mock, calls, clock } = acmeSetup(server);
    const api = ky.create({ hooks: authHooks(provider), retry: 0 });
    await provider.getToken();
    mock.server.revokeAccessTokens();
    expect(await api.post(mock.protectedUrl, { json: { n: 1 } }).json()).toMatchObject({ echo: '{"n":1}' });
    expect(calls.apiRejected).toBe(1);
    mock.server.fail('api', { type: 'status', status: 401 });
    clock.advance(HOUR / 2);
    await expect(api.get(mock.protectedUrl)).rejects.toMatchObject({ name: 'HTTPError' });
    expect(calls.api).toBe(4); // 2 before, then one 401 and exactly one replay
  });

  it('leaves a request with its own Authorization alone', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    const api = ky.create({ hooks: authHooks(provider), retry: 0, throwHttpErrors: false });
    const res = await api.get(mock.protectedUrl, { headers: { authorization: 'Bearer mine' } });
    expect(res.status).toBe(401);
    expect(calls.login).toBe(0);
  });

  it('does not let ky retry a refused login (one login attempt, with ky default retry)', async () => {
    const { make, mock, calls } = acmeSetup(server);
    const provider = make({ password: 'wrong-password' });
    const api = ky.create({ hooks: authHooks(provider), retry: { limit: 2, delay: () => 1 } });
    await expect(api.get(mock.protectedUrl)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(calls.login).toBe(1);
    expect(calls.api).toBe(0);
  });
});
