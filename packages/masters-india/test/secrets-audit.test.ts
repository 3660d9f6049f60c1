/**
 * Secrets audit of the Masters India adapter (DESIGN.md invariant 7): every error path of login
 * and refresh is driven over HTTP with answers that echo the submitted password and the tokens,
 * and neither the errors (message, stack, the whole `cause` chain, JSON, inspection), nor the
 * events, nor the provider show the password or any token.
 */
import { randomUUID } from 'node:crypto';
import { type AccessToken, type AuthEvent, createMemoryStore, isAuthError, withAuth } from '@authwire/core';
import { exposedText, type Fault, fakeClock, mastersIndiaHandlers, secretsIn } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { type MastersIndiaConfig, mastersIndia } from '../src/index.js';

const server = useMswServer();
const HOUR = 3_600_000;
const PASSWORD = `PW-${randomUUID()}`;
// Shaped like a field name, so that an answer keyed by it looks like a field error.
const IDENTIFIER_PASSWORD = `Secret${randomUUID().replace(/-/g, '')}`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('secrets audit: mastersIndia', () => {
  it.each([
    ['a distinctive password', PASSWORD],
    ['a password shaped like a field name', IDENTIFIER_PASSWORD],
  ])('%s never shows in errors, causes, events or the provider, even when echoed', async (_label, password) => {
    const clock = fakeClock(Date.parse('2026-03-02T09:00:00Z'));
    const mock = mastersIndiaHandlers({ now: clock.now, password, accessLifetimeMs: HOUR });
    server.use(...mock.handlers);
    const events: AuthEvent[] = [];
    const make = (overrides: Partial<MastersIndiaConfig> = {}, renewalTimeoutMs = 5000) =>
      mastersIndia(
        { ...(mock.config() as unknown as MastersIndiaConfig), ...overrides },
        {
          clock,
          store: createMemoryStore({ now: clock.now }),
          onEvent: (event) => events.push(event),
          retry: { limit: 0 },
          renewalTimeoutMs,
        },
      );
    const provider = make();
    const tokens: AccessToken[] = [await provider.getToken()];
    const [first] = tokens as [AccessToken];
    const secrets = () => [password, ...tokens.flatMap((token) => [token.value, token.refreshToken])];
    const echo = (extra: Record<string, unknown> = {}) => ({
      [password]: ['unknown field'],
      password: [`'${password}' is not valid`],
      token: [`${first.refreshToken} has expired`],
      detail: `login of ${password} with ${first.value} refused`,
      ...extra,
    });
    const errors: unknown[] = [];
    const failRenewal = async (refresh: Fault, login: Fault) => {
      clock.advance(HOUR);
      mock.server.fail('refresh', refresh, 1);
      mock.server.fail('login', login, 1);
      errors.push(await rejection(provider.getToken()));
    };

    await failRenewal(
      { type: 'status', status: 206, body: { error: `token ${first.refreshToken} is invalid` } },
      { type: 'status', status: 206, body: { error: `Unable to login with ${password}` } },
    );
    await failRenewal({ type: 'status', status: 400, body: echo() }, { type: 'status', status: 400, body: echo() });
    await failRenewal({ type: 'status', status: 404, body: echo() }, { type: 'status', status: 401, body: echo() });
    clock.advance(HOUR);
    tokens.push(await provider.getToken()); // refresh is off now (404): a new login
    await failRenewal(
      { type: 'network' },
      { type: 'status', status: 429, body: echo(), headers: { 'retry-after': '1' } },
    );
    await failRenewal({ type: 'network' }, { type: 'status', status: 503, body: echo() });
    await failRenewal({ type: 'network' }, { type: 'html', status: 502 });
    await failRenewal({ type: 'network' }, { type: 'status', status: 200, body: `not json: ${password}` });
    await failRenewal({ type: 'network' }, { type: 'status', status: 200, body: echo({ token: 42 }) });
    await failRenewal({ type: 'network' }, { type: 'status', status: 307, headers: { location: `/${password}` } });
    clock.advance(HOUR);
    tokens.push(await provider.getToken());

    const refreshing = make();
    tokens.push(await refreshing.getToken());
    const held = tokens.at(-1) as AccessToken;
    clock.advance(HOUR);
    mock.server.fail('refresh', { type: 'status', status: 500, body: { error: `${held.refreshToken} broke` } }, 1);
    errors.push(await rejection(refreshing.getToken())); // transient: no login fallback
    const slow = make({}, 50);
    mock.server.fail('login', { type: 'delay', ms: 300 }, 1);
    errors.push(await rejection(slow.getToken()));
    errors.push(await rejection(withAuth(make({ password: `${password}-wrong` }))(mock.protectedUrl)));
    try {
      mastersIndia({ username: '', password, baseUrl: `https://u:${password}@x.test`, passwrod: password } as never);
    } catch (error) {
      errors.push(error);
    }

    expect(errors.every(isAuthError)).toBe(true);
    expect(new Set(errors.map((error) => (isAuthError(error) ? error.code : ''))).size).toBeGreaterThanOrEqual(6);
    const text = exposedText({ errors, events, providers: [provider, refreshing, slow] });
    expect(secretsIn(text, [...secrets(), `${password}-wrong`])).toEqual([]);
  });
});
