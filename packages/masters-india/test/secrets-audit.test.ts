/**
 * Secrets audit of the Masters India adapter (DESIGN.md invariant 7): every error path of login
 * and refresh is driven over HTTP with answers that echo the submitted password and the tokens,
 * and neither the errors (message, stack, the whole `cause` chain, JSON, inspection), nor the
 * events, nor the provider show the password or any token.
 */
import type { AccessToken } from '@authwire/core';
import { mastersIndiaHandlers } from '@authwire/testing';
import { describeSecretsAudit, rejection } from '@authwire-tooling/reliability';
import { mastersIndia } from '../src/index.js';

const HOUR = 3_600_000;

describeSecretsAudit({
  name: 'mastersIndia',
  start: Date.parse('2026-03-02T09:00:00Z'),
  factory: mastersIndia,
  mock: mastersIndiaHandlers,
  invalidConfig: (password) => ({
    username: '',
    password,
    baseUrl: `https://u:${password}@x.test`,
    passwrod: password,
  }),
  async renewals({ password, first, clock, mock, tokens, errors, providers, provider, make, failRenewal }) {
    const echo = (extra: Record<string, unknown> = {}) => ({
      [password]: ['unknown field'],
      password: [`'${password}' is not valid`],
      token: [`${first.refreshToken} has expired`],
      detail: `login of ${password} with ${first.value} refused`,
      ...extra,
    });

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
    providers.push(refreshing);
    tokens.push(await refreshing.getToken());
    const held = tokens.at(-1) as AccessToken;
    clock.advance(HOUR);
    mock.server.fail('refresh', { type: 'status', status: 500, body: { error: `${held.refreshToken} broke` } }, 1);
    errors.push(await rejection(refreshing.getToken())); // transient: no login fallback
  },
});
