/**
 * One test (at least) per invariant of DESIGN.md → Token lifecycle, through HTTP (msw) and the
 * `clock` option.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type AuthError, createMemoryStore, createTokenProvider, isAuthError } from '../src/index.js';
import { acme } from './fixtures/acme.js';
import { acmeSetup, HOUR, settle, useMsw } from './fixtures/setup.js';

const server = useMsw();

describe('windows: fresh, stale, expired', () => {
  it('returns a fresh token without any upstream call', async () => {
    const { provider, clock, calls } = acmeSetup(server);
    const first = await provider.getToken();
    clock.advance(HOUR - 6 * 60_000 - 1); // default window: min(5 min, 10 % of 1 h = 6 min) → 5 min
    expect((await provider.getToken()).value).toBe(first.value);
    clock.advance(HOUR / 2 - HOUR / 2); // no-op: stays fresh
    await settle();
    expect(calls.login + calls.refresh).toBe(1);
  });

  it('uses the default refresh window min(5 min, 10 % of L)', async () => {
    const { provider, clock, calls } = acmeSetup(server);
    await provider.getToken();
    clock.advance(HOUR - 5 * 60_000 - 1); // 1 ms before the 5-minute window
    await provider.getToken();
    await settle();
    expect(calls.refresh).toBe(0);
    clock.advance(2); // inside the window
    await provider.getToken();
    await settle();
    expect(calls.refresh).toBe(1);
  });

  it('honours refreshWindowMs and expirySkewMs overrides', async () => {
    const { provider, clock, calls } = acmeSetup(
      server,
      {},
      { refreshWindowMs: 20 * 60_000, expirySkewMs: 10 * 60_000 },
    );
    const first = await provider.getToken();
    clock.advance(HOUR - 20 * 60_000 + 1); // stale under the override
    expect((await provider.getToken()).value).toBe(first.value);
    await settle();
    expect(calls.refresh).toBe(1);
    const second = await provider.getToken();
    expect(second.value).not.toBe(first.value);
    clock.advance(HOUR - 10 * 60_000 + 1); // past the 10-minute skew of the second token: expired
    const pending = provider.getToken();
    expect((await pending).value).not.toBe(second.value);
    expect(calls.refresh).toBe(2);
  });

  it('stale-while-revalidate: no caller waits while the current token is still good', async () => {
    const { provider, clock, mock } = acmeSetup(server);
    const first = await provider.getToken();
    mock.server.fail('refresh', { type: 'delay', ms: 200 }, 1);
    clock.advance(HOUR - 2 * 60_000);
    const started = performance.now();
    const values = await Promise.all(Array.from({ length: 100 }, () => provider.getToken()));
    expect(performance.now() - started).toBeLessThan(150);
    expect(values.every((token) => token.value === first.value)).toBe(true);
    await settle(300);
    expect((await provider.getToken()).value).not.toBe(first.value);
  });

  it('expired: callers wait for the renewal', async () => {
    const { provider, clock, calls } = acmeSetup(server);
    const first = await provider.getToken();
    clock.advance(HOUR - 29_000); // inside the 30 s skew
    const next = await provider.getToken();
    expect(next.value).not.toBe(first.value);
    expect(calls.refresh).toBe(1);
  });
});

describe('renewal: refresh, then login', () => {
  it('refreshes when a live refresh token exists, and keeps the rotated one', async () => {
    const { provider, clock, calls } = acmeSetup(server);
    const first = await provider.getToken();
    clock.advance(HOUR);
    const second = await provider.getToken();
    expect(second.refreshToken).toBeDefined();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    clock.advance(HOUR);
    await provider.getToken(); // the server rejects a reused refresh token: this only works with the rotated one
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 2 });
  });

  it('keeps the old refresh token when the answer carries none', async () => {
    const { provider, clock, calls } = acmeSetup(server, { rotate: false });
    const first = await provider.getToken();
    clock.advance(HOUR);
    const second = await provider.getToken();
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(second.refreshExpiresAt).toBe(first.refreshExpiresAt);
    clock.advance(HOUR);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 2 });
  });

  it('skips refresh when the refresh token is known to be dead', async () => {
    const { provider, clock, calls } = acmeSetup(server, { accessLifetimeMs: 10 * HOUR, refreshLifetimeMs: HOUR / 2 });
    await provider.getToken();
    clock.advance(10 * HOUR);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 0 });
  });

  it('falls back to login once when refresh fails for a non-transient reason', async () => {
    const { provider, clock, calls, mock, events } = acmeSetup(server);
    await provider.getToken();
    mock.server.fail('refresh', { type: 'wrong-types' });
    clock.advance(HOUR);
    await provider.getToken();
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 2, refresh: 1 });
    expect(events.find((event) => event.type === 'login' && event.fallbackFrom)).toMatchObject({
      fallbackFrom: 'UNEXPECTED_RESPONSE',
    });
  });

  it('does not fall back to login on a transient refresh failure', async () => {
    const { provider, clock, calls, mock } = acmeSetup(server);
    await provider.getToken();
    mock.server.fail('refresh', { type: 'status', status: 503 }, 1);
    clock.advance(HOUR);
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });

  it('forceRefresh renews a fresh token, once for concurrent callers', async () => {
    const { provider, calls } = acmeSetup(server);
    const first = await provider.getToken();
    const forced = await Promise.all(Array.from({ length: 10 }, () => provider.getToken({ forceRefresh: true })));
    expect(new Set(forced.map((token) => token.value)).size).toBe(1);
    expect(forced[0]?.value).not.toBe(first.value);
    expect(calls.login + calls.refresh).toBe(2);
  });

  it('retries token POSTs on 502/503/504 and network errors, bounded, with backoff', async () => {
    const { provider, calls, mock } = acmeSetup(server, {}, { retry: { limit: 2, backoffMs: 1 } });
    mock.server.fail('login', { type: 'status', status: 503 }, 2);
    await provider.getToken();
    expect(calls.login).toBe(3);
    const other = acmeSetup(server, {}, { retry: { limit: 2, backoffMs: 1 } });
    other.mock.server.fail('login', { type: 'network' });
    await expect(other.provider.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    other.mock.server.heal();
    const third = acmeSetup(server, {}, { retry: { limit: 2, backoffMs: 1 } });
    third.mock.server.fail('login', { type: 'status', status: 500 });
    await expect(third.provider.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', status: 500 });
    expect(third.calls.login).toBe(1); // 500 is not retried: only 502/503/504 and network errors are
  });
});

describe('invariant 1: single flight', () => {
  it('10,000 concurrent callers on an expired token cause one upstream call', async () => {
    const { provider, clock, calls } = acmeSetup(server);
    await provider.getToken();
    clock.advance(HOUR);
    const tokens = await Promise.all(Array.from({ length: 10_000 }, () => provider.getToken()));
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(calls.login + calls.refresh).toBe(2);
  });

  it('two providers for the same account share one token and one renewal (shared store)', async () => {
    const { make, calls } = acmeSetup(server);
    const a = make();
    const b = make();
    const [ta, tb] = await Promise.all([a.getToken(), b.getToken()]);
    expect(ta.value).toBe(tb.value);
    expect(calls.login).toBe(1);
  });

  it('providers on the default process-wide store share a token', async () => {
    const { mock, clock } = acmeSetup(server);
    const config = mock.config({ username: mock.server.username }) as Parameters<typeof acme>[0];
    const a = acme(config, { clock });
    const b = acme(config, { clock });
    expect((await a.getToken()).value).toBe((await b.getToken()).value);
    expect(mock.server.calls.login).toBe(1);
    await a.invalidate();
  });

  it('createMemoryStore() isolates', async () => {
    const { make, calls, clock } = acmeSetup(server);
    const a = make({}, { store: createMemoryStore({ now: clock.now }) });
    const b = make({}, { store: createMemoryStore({ now: clock.now }) });
    expect((await a.getToken()).value).not.toBe((await b.getToken()).value);
    expect(calls.login).toBe(2);
  });
});

describe('invariant 2: one upstream call per token lifetime in steady state', () => {
  it('a call every minute for 10 hours renews once per lifetime, never while fresh', async () => {
    const { provider, clock, calls } = acmeSetup(server);
    for (let minute = 0; minute < 600; minute++) {
      await provider.getToken();
      await settle(0);
      clock.advance(60_000);
    }
    await settle();
    // Each 1-hour token is renewed by the first call in its 5-minute refresh window (minute 55
    // of its life): renewals at minutes 55, 110, …, 550, plus the first login.
    expect(calls.refresh).toBe(10);
    expect(calls.login).toBe(1);
  });
});

describe('invariant 3: failures', () => {
  it('rejects every waiter with the same typed error and caches nothing', async () => {
    const { provider, mock, calls, clock, store } = acmeSetup(server);
    mock.server.fail('login', { type: 'status', status: 503 }, 1);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => provider.getToken()));
    const errors = results.map((result) => (result.status === 'rejected' ? result.reason : undefined));
    expect(new Set(errors).size).toBe(1);
    expect(isAuthError(errors[0]) && errors[0].code).toBe('PROVIDER_UNAVAILABLE');
    expect(await store.get('acme|https://api.acme.test|demo@example.com')).toBeUndefined();
    expect(calls.login).toBe(1);
    clock.advance(999);
    await expect(provider.getToken()).rejects.toBe(errors[0]); // within minRetryInterval: no new call
    expect(calls.login).toBe(1);
    clock.advance(1);
    await provider.getToken();
    expect(calls.login).toBe(2);
  });

  it('waits out Retry-After before trying again after a 429', async () => {
    const { provider, mock, calls, clock } = acmeSetup(server);
    mock.server.fail('login', { type: 'status', status: 429, headers: { 'retry-after': '30' } }, 1);
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 30_000 });
    clock.advance(29_000);
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(calls.login).toBe(1);
    clock.advance(1_000);
    await provider.getToken();
    expect(calls.login).toBe(2);
  });

  it('tries again at once after a non-transient failure', async () => {
    const { make, calls } = acmeSetup(server);
    const provider = make({ password: 'wrong' });
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(calls.login).toBe(2);
  });

  it('keeps serving a still-valid token while renewal fails, and reports it', async () => {
    const { provider, mock, clock, events, calls } = acmeSetup(server);
    const first = await provider.getToken();
    mock.server.fail('refresh', { type: 'status', status: 503 });
    clock.advance(HOUR - 2 * 60_000); // stale
    expect((await provider.getToken()).value).toBe(first.value);
    await settle();
    expect((await provider.getToken()).value).toBe(first.value); // still served; cooldown: no new call
    expect(calls.refresh).toBe(1);
    expect(events.find((event) => event.type === 'renewal-failed')).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      serving: true,
      status: 503,
    });
    clock.advance(2 * 60_000); // now expired: callers wait, and get the error
    await expect(provider.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });
});

describe('invariant 4: a caller signal abandons only that wait', () => {
  it('the aborted caller gets ABORTED; the renewal runs on for the others', async () => {
    const { provider, mock, calls } = acmeSetup(server);
    mock.server.fail('login', { type: 'delay', ms: 100 }, 1);
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const leaving = controllers.map((controller) => provider.getToken({ signal: controller.signal }));
    const staying = Array.from({ length: 5 }, () => provider.getToken());
    for (const controller of controllers) controller.abort();
    for (const wait of leaving) await expect(wait).rejects.toMatchObject({ code: 'ABORTED' });
    const tokens = await Promise.all(staying);
    expect(new Set(tokens.map((token) => token.value)).size).toBe(1);
    expect(calls.login).toBe(1);
  });

  it('an already-aborted signal rejects at once, even with a fresh token', async () => {
    const { provider } = acmeSetup(server);
    await provider.getToken();
    await expect(provider.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('the shared renewal has its own timeout', async () => {
    const { provider, mock } = acmeSetup(server, {}, { renewalTimeoutMs: 100, requestTimeoutMs: 5000 });
    mock.server.fail('login', { type: 'delay', ms: 400 }, 1);
    const error = (await provider.getToken().catch((e: unknown) => e)) as AuthError;
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toMatch(/timed out/);
  });
});

describe('invariant 5: generation-checked invalidate', () => {
  it('a late 401 for an older token does not drop the newer one', async () => {
    const { provider, clock, calls } = acmeSetup(server);
    const old = await provider.getToken();
    clock.advance(HOUR);
    const current = await provider.getToken();
    await provider.invalidate(old);
    expect((await provider.getToken()).value).toBe(current.value);
    expect(calls.login + calls.refresh).toBe(2);
  });

  it('invalidating the current token renews on the next call, keeping its refresh token', async () => {
    const { provider, calls } = acmeSetup(server);
    const current = await provider.getToken();
    await provider.invalidate(current);
    const next = await provider.getToken();
    expect(next.value).not.toBe(current.value);
    expect({ login: calls.login, refresh: calls.refresh }).toEqual({ login: 1, refresh: 1 });
  });
});

describe('invariant 8: clocks disagree', () => {
  it('corrects a JWT exp by the Date header', async () => {
    // The server's clock runs 2 h behind: its exp looks 1 h in the past locally.
    const { make, clock, calls, events } = acmeSetup(server, { clockOffsetMs: -2 * HOUR });
    const token = await make({ jwtExpiry: true }).getToken();
    // exp is 1 h after the server's "now" (2 h behind): corrected, it is 1 h after ours.
    expect(Math.abs(token.expiresAt - (clock.now() + HOUR))).toBeLessThan(2_000);
    expect(events.filter((event) => event.type === 'clock-skew')).toHaveLength(0);
    expect(calls.login).toBe(1);
  });

  it('uses a token that looks expired on arrival, reports clock-skew, and does not loop', async () => {
    const { make, clock, calls, events } = acmeSetup(server, { clockOffsetMs: -2 * HOUR, sendDate: false });
    const provider = make({ jwtExpiry: true });
    const first = await provider.getToken();
    for (let i = 0; i < 20; i++) {
      expect((await provider.getToken()).value).toBe(first.value);
      clock.advance(60_000);
    }
    expect(calls.login).toBe(1);
    expect(events.filter((event) => event.type === 'clock-skew')).toHaveLength(1);
    expect(first.expiresAt).toBeGreaterThan(clock.now());
  });
});

describe('token requests', () => {
  it('apply default headers case-insensitively (no doubled content-type)', async () => {
    const { mock, clock } = acmeSetup(server);
    const seen: Record<string, string | null>[] = [];
    const { createTokenProvider } = await import('../src/index.js');
    const provider = createTokenProvider(
      {
        name: 'headers',
        origins: [mock.baseUrl],
        cacheKey: 'headers',
        async login(ctx) {
          const res = await ctx.request(`${mock.baseUrl}/oauth/token`, {
            headers: { Accept: 'application/vnd.restful+json', 'Content-Type': 'application/json-patch+json' },
            json: { username: mock.server.username, password: mock.server.password },
          });
          return {
            value: String((res.body as { access_token: string }).access_token),
            scheme: 'Bearer',
            expiresAt: res.sentAt + HOUR,
          };
        },
      },
      {
        clock,
        store: createMemoryStore(),
        fetch: (input, init) => {
          const request = new Request(input, init);
          seen.push({ accept: request.headers.get('accept'), type: request.headers.get('content-type') });
          return fetch(request);
        },
      },
    );
    await provider.getToken();
    expect(seen).toEqual([{ accept: 'application/vnd.restful+json', type: 'application/json-patch+json' }]);
  });
});

describe('httpError redacts what the provider echoes', () => {
  const sent = 'sent-PASSWORD-7d1c';
  const declared = 'declared-SECRET-42ab';

  /** A provider answering 400 with `padding`, then the declared secret, then the request it got. */
  const echo = async (padding: number) => {
    const { mock, clock } = acmeSetup(server);
    server.use(
      http.post(`${mock.baseUrl}/echo`, async ({ request }) =>
        HttpResponse.json({ e: `${'x'.repeat(padding)}${declared} ${await request.text()}` }, { status: 400 }),
      ),
    );
    const provider = createTokenProvider(
      {
        name: 'echo',
        origins: [mock.baseUrl],
        cacheKey: 'echo',
        secrets: () => [declared],
        async login(ctx) {
          const res = await ctx.request(`${mock.baseUrl}/echo`, { json: { user: 'u', nested: { password: sent } } });
          throw ctx.httpError(res, { detail: JSON.stringify(res.body) });
        },
      },
      { clock, store: createMemoryStore() },
    );
    return (await provider.getToken().catch((e: unknown) => e)) as AuthError;
  };

  it('redacts every string the attempt sent and every declared secret', async () => {
    const error = await echo(0);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).not.toContain(sent);
    expect(error.message).not.toContain(declared);
    expect(error.message.split('[redacted]').length - 1).toBeGreaterThanOrEqual(3); // declared, user, password
  });

  it('redacts before capping the detail at 600 characters: no fragment survives the cut', async () => {
    // `{"e":"` is 6 characters: the declared secret starts at 595 of the detail and straddles the cap.
    const error = await echo(589);
    expect(error.message.endsWith('…')).toBe(true);
    expect(error.message).not.toContain(declared.slice(0, 5));
  });
});
