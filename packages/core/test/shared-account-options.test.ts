/**
 * DESIGN invariant 10: providers of one account share the token, the renewal in flight and the
 * last failure — but each decides with its own options: windows, skew, cool-down, clock.
 */
import { fakeClock } from '@authwire/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, isAuthError } from '../src/index.js';
import { acme } from './fixtures/acme.js';
import { acmeSetup, HOUR, settle, useMsw } from './fixtures/setup.js';

const server = useMsw();

const MIN = 60_000;

describe('invariant 10: each provider of a shared account decides with its own options', () => {
  it.each([
    ['the default provider renews first', false],
    ['the wide-window provider renews first', true],
  ])('refreshWindowMs: %s', async (_, wideFirst) => {
    const { make, clock, calls } = acmeSetup(server);
    const wide = make({}, { refreshWindowMs: 30 * MIN });
    const narrow = make(); // default window: 5 min for a 1-hour token
    await (wideFirst ? wide : narrow).getToken();
    clock.advance(HOUR - 20 * MIN); // stale for `wide`, fresh for `narrow`
    await narrow.getToken();
    await settle();
    expect(calls.refresh).toBe(0);
    await wide.getToken();
    await settle();
    expect(calls.refresh).toBe(1);
  });

  it('expirySkewMs: one provider still serves the token while the other waits for the renewal', async () => {
    const { make, clock, mock } = acmeSetup(server);
    const lenient = make(); // skew 30 s
    const strict = make({}, { expirySkewMs: 10 * MIN });
    const token = await strict.getToken();
    mock.server.fail('refresh', { type: 'status', status: 503 });
    mock.server.fail('login', { type: 'status', status: 503 });
    clock.advance(HOUR - 5 * MIN); // inside the 10-min skew of `strict`, not of `lenient`
    const strictError = await strict.getToken().catch((e: unknown) => e);
    expect(isAuthError(strictError) && strictError.code).toBe('PROVIDER_UNAVAILABLE');
    expect((await lenient.getToken()).value).toBe(token.value);
  });

  it('minRetryIntervalMs: each provider cools down for its own interval after a shared failure', async () => {
    const { make, clock, mock, calls } = acmeSetup(server);
    const quick = make({}, { minRetryIntervalMs: 1000 });
    const patient = make({}, { minRetryIntervalMs: 60_000 });
    mock.server.fail('login', { type: 'status', status: 503 }, 1);
    await expect(patient.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(calls.login).toBe(1);
    clock.advance(2000);
    // `patient` is still cooling down (60 s): no upstream call…
    await expect(patient.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(calls.login).toBe(1);
    // …while `quick` (1 s) calls upstream again, and succeeds.
    await expect(quick.getToken()).resolves.toMatchObject({ scheme: 'Bearer' });
    expect(calls.login).toBe(2);
  });

  it('clock: a provider whose clock is behind cools down on its own clock, not for the hour between them', async () => {
    const { mock, clock, calls } = acmeSetup(server);
    const store = createMemoryStore();
    const behind = fakeClock(clock.now() - HOUR);
    const config = mock.config() as Parameters<typeof acme>[0];
    const options = { store, retry: { limit: 0 }, minRetryIntervalMs: 1000 };
    const a = acme(config, { ...options, clock });
    const b = acme(config, { ...options, clock: behind });
    mock.server.fail('login', { type: 'status', status: 503 }, 1);
    await expect(a.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    await expect(b.getToken()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' }); // cooling: no call
    expect(calls.login).toBe(1);
    behind.advance(1500); // 1.5 s later on b's clock: its own 1 s cool-down is over
    await expect(b.getToken()).resolves.toMatchObject({ scheme: 'Bearer' });
    expect(calls.login).toBe(2);
  });

  it('clock: a provider whose clock is ahead renews a token the others still find fresh', async () => {
    const { make, clock, calls } = acmeSetup(server);
    const onTime = make();
    const token = await onTime.getToken();
    const sameStoreAhead = make({}, { clock: fakeClock(clock.now() + HOUR) });
    const renewed = await sameStoreAhead.getToken();
    expect(renewed.value).not.toBe(token.value);
    expect(calls.refresh + calls.login).toBe(2);
    // The renewed token is shared: the on-time provider now serves it, fresh, without a call.
    expect((await onTime.getToken()).value).toBe(renewed.value);
    expect(calls.refresh + calls.login).toBe(2);
  });
});
