import { createMemoryStore } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';
import { describe, expect, it } from 'vitest';
import { fakeClock, mastersIndiaHandlers, mockedProvider, unionServiceHandlers } from '../src/index.js';
import { useMswServer } from '../src/vitest.js';

const HOUR = 3_600_000;
const msw = useMswServer();

describe('mockedProvider', () => {
  it('sets up a provider logged in to its mock on a fake clock, with events, store and counters', async () => {
    const { provider, clock, mock, events, calls } = mockedProvider({
      factory: unionService,
      mock: unionServiceHandlers,
      msw,
      clock: fakeClock(Date.parse('2026-03-02T08:00:00Z')),
    });
    const first = await provider.getToken();
    expect(mock.server.accepts(first.value)).toBe(true);
    expect(first.expiresAt).toBe(Date.parse('2026-03-02T18:00:00Z'));
    clock.advance(10 * HOUR);
    await provider.getToken();
    expect(calls).toMatchObject({ login: 2, refresh: 0 }); // the 30 min refresh token died long ago
    expect(events.map((event) => event.type)).toEqual(['login', 'login']);
  });

  it('make shares the store; cold starts with its own; overrides are typed config and options', async () => {
    const seen: string[] = [];
    const { provider, make, cold, calls, events } = mockedProvider({
      factory: mastersIndia,
      mock: (onClock) => mastersIndiaHandlers({ ...onClock, password: 'pw-harness-1' }),
      msw,
      config: { apiVersion: 'v2' },
      options: { onEvent: (event) => seen.push(event.type) },
    });
    const token = await provider.getToken();
    expect((await make().getToken()).value).toBe(token.value);
    expect(calls.login).toBe(1);
    expect((await cold().getToken()).value).not.toBe(token.value);
    expect(calls.login).toBe(2);
    const wrong = make({ password: 'wrong', bodyEncoding: 'form' }, { store: createMemoryStore() });
    await expect(wrong.getToken()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(seen).toEqual(events.map((event) => event.type));
    expect(seen).toEqual(['login', 'login', 'renewal-failed']);
  });

  it('uses the store given in options as its store', async () => {
    const store = createMemoryStore();
    const harness = mockedProvider({ factory: unionService, mock: unionServiceHandlers, msw, options: { store } });
    expect(harness.store).toBe(store);
    await harness.provider.getToken();
    expect((await harness.make({}, { store }).getToken()).value).toBe((await harness.provider.getToken()).value);
    expect(harness.calls.login).toBe(1);
  });
});
