/**
 * Secrets audit of the union-service adapter (DESIGN.md invariant 7): every error path of login
 * and refresh is driven over HTTP with answers that echo the submitted password and the tokens —
 * ProblemDetails, ASP.NET validation, Keycloak errors passed through or wrapped, plain text — and
 * neither the errors (message, stack, the whole `cause` chain, JSON, inspection), nor the events,
 * nor the provider show the password or any token.
 */
import { randomUUID } from 'node:crypto';
import { type AccessToken, type AuthEvent, createMemoryStore, isAuthError, withAuth } from '@authwire/core';
import { exposedText, type Fault, fakeClock, secretsIn, unionServiceHandlers } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { type UnionServiceConfig, unionService } from '../src/index.js';

const server = useMswServer();
const HOUR = 3_600_000;
const PROBLEM = { 'content-type': 'application/vnd.restful+json' };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('secrets audit: unionService', () => {
  it.each([
    ['a distinctive password', `PW-${randomUUID()}`],
    ['a password shaped like a field name', `Secret${randomUUID().replace(/-/g, '')}`],
  ])('%s never shows in errors, causes, events or the provider, even when echoed', async (_label, password) => {
    const clock = fakeClock(Date.parse('2026-03-02T08:00:00Z'));
    const mock = unionServiceHandlers({
      now: clock.now,
      password,
      accessLifetimeMs: HOUR,
      refreshLifetimeMs: 24 * HOUR,
    });
    server.use(...mock.handlers);
    const events: AuthEvent[] = [];
    const make = (overrides: Partial<UnionServiceConfig> = {}, renewalTimeoutMs = 5000) =>
      unionService(mock.config(overrides), {
        clock,
        store: createMemoryStore({ now: clock.now }),
        onEvent: (event) => events.push(event),
        retry: { limit: 0 },
        renewalTimeoutMs,
      });
    const provider = make();
    const tokens: AccessToken[] = [await provider.getToken()];
    const [first] = tokens as [AccessToken];
    const said = `access token ${first.value}, password ${password}, refresh token ${first.refreshToken}`;
    const problem = (status: number, extra: Record<string, unknown> = {}): Extract<Fault, { type: 'status' }> => ({
      type: 'status',
      status,
      headers: PROBLEM,
      body: {
        type: `V-TS-${password}`,
        title: `Refused: ${said}`,
        detail: `Keycloak answered 400: {"error":"invalid_grant","error_description":"${said}"}`,
        errors: { Password: [`'${password}' is not valid`], [password]: ['unknown field'] },
        traceId: password,
        code: password,
        error: 'invalid_grant',
        error_description: said,
        ...extra,
      },
    });
    const errors: unknown[] = [];
    const failRenewal = async (refresh: Fault, login: Fault) => {
      clock.advance(HOUR);
      mock.server.fail('refresh', refresh, 1);
      mock.server.fail('login', login, 1);
      errors.push(await rejection(provider.getToken()));
    };

    await failRenewal(problem(400), problem(401)); // refused grant, then refused login
    await failRenewal(problem(500), problem(400, { error: undefined, error_description: undefined })); // validation
    await failRenewal(
      { type: 'status', status: 200, body: JSON.stringify(said) },
      { type: 'status', status: 422, body: JSON.stringify(said) },
    );
    await failRenewal({ ...problem(429), headers: { ...PROBLEM, 'retry-after': '1' } }, problem(401));
    await failRenewal(problem(503, { error: undefined, detail: said }), problem(401));
    await failRenewal({ type: 'network' }, problem(401));
    await failRenewal({ type: 'html', status: 502 }, problem(401));
    await failRenewal(
      { type: 'status', status: 200, body: { access_token: 42, said } },
      { type: 'status', status: 200, body: `<html>${said}</html>`, headers: { 'content-type': 'text/html' } },
    );
    clock.advance(HOUR);
    tokens.push(await provider.getToken());

    const slow = make({}, 50);
    mock.server.fail('login', { type: 'delay', ms: 300 }, 1);
    errors.push(await rejection(slow.getToken()));
    errors.push(await rejection(withAuth(make({ password: `${password}-wrong` }))(mock.protectedUrl)));
    try {
      unionService({
        baseUrl: `http://u:${password}@union.example.com`,
        username: '',
        password,
        passwrod: password,
      } as never);
    } catch (error) {
      errors.push(error);
    }

    expect(errors.every(isAuthError)).toBe(true);
    expect(new Set(errors.map((error) => (isAuthError(error) ? error.code : ''))).size).toBeGreaterThanOrEqual(6);
    const text = exposedText({ errors, events, providers: [provider, slow] });
    const secrets = [password, `${password}-wrong`, ...tokens.flatMap((token) => [token.value, token.refreshToken])];
    expect(secretsIn(text, secrets)).toEqual([]);
  });
});
