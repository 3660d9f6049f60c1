/**
 * Secrets audit of the oauth2 adapter (DESIGN.md invariant 7): every error path of login,
 * refresh and discovery is driven over HTTP with answers that echo the client secret and the
 * tokens — RFC 6749 error bodies, plain text, HTML, wrong shapes — and neither the errors
 * (message, stack, the whole `cause` chain, JSON, inspection), nor the events, nor the provider
 * show the client secret or any token.
 */

import { type Fault, type OAuth2Mock, oauth2Handlers } from '@authwire/testing';
import { describeSecretsAudit, rejection } from '@authwire-tooling/reliability';
import { oauth2 } from '../src/index.js';

const HOUR = 3_600_000;

describeSecretsAudit({
  name: 'oauth2',
  start: Date.parse('2026-03-02T08:00:00Z'),
  factory: oauth2,
  // The password grant, so that refresh paths are audited too; the audited secret is the client's.
  mock: (options) => oauth2Handlers({ ...options, grant: 'password', endpoint: 'issuer' }),
  server: { refreshLifetimeMs: 24 * HOUR },
  invalidConfig: (password) => ({
    tokenUrl: `https://client:${password}@sso.example.com/token`,
    issuer: 'https://sso.example.com/realms/authwire',
    clientId: '',
    clientSecret: password,
    params: { client_secret: password, [password]: password },
    origins: [`https://u:${password}@api.example.com`],
    clientSecrte: password,
  }),
  async renewals({ password, first, clock, tokens, provider, errors, failRenewal, make, mock }) {
    const said = `access token ${first.value}, client secret ${password}, refresh token ${first.refreshToken}`;
    const basic = btoa(`authwire-client:${password}`);
    const oauthError = (status: number, error: string, headers: Record<string, string> = {}): Fault => ({
      type: 'status',
      status,
      headers,
      body: {
        error,
        error_description: `${said}; Basic ${basic}`,
        error_uri: `https://sso.example.com/?s=${password}`,
      },
    });

    await failRenewal(oauthError(400, 'invalid_grant'), oauthError(401, 'invalid_client'));
    await failRenewal(oauthError(400, 'invalid_scope'), oauthError(400, 'invalid_request'));
    await failRenewal(oauthError(503, 'temporarily_unavailable'), oauthError(401, 'invalid_client'));
    await failRenewal(oauthError(429, 'slow_down', { 'retry-after': '1' }), oauthError(401, 'invalid_client'));
    await failRenewal({ type: 'network' }, oauthError(401, 'invalid_client'));
    await failRenewal({ type: 'html', status: 502 }, oauthError(500, 'server_error'));
    await failRenewal(
      { type: 'status', status: 200, body: { access_token: 42, said } },
      { type: 'status', status: 200, body: `<html>${said}</html>`, headers: { 'content-type': 'text/html' } },
    );
    await failRenewal(
      { type: 'status', status: 200, body: JSON.stringify(said) },
      { type: 'status', status: 302, headers: { location: `https://elsewhere.test/?secret=${password}` } },
    );
    // Last: it turns refresh off for this provider.
    await failRenewal(oauthError(400, 'unsupported_grant_type'), oauthError(400, 'unauthorized_client'));
    // Discovery: a cold provider reads the document first; each failure echoes the secret where it can.
    for (const fault of [
      { type: 'status', status: 404, body: said },
      { type: 'status', status: 200, body: { token_endpoint: `http://client:${password}@sso.example.com/token` } },
      { type: 'status', status: 500, body: { error: said } },
      { type: 'network' },
    ] satisfies Fault[]) {
      (mock as OAuth2Mock).discovery.fail(fault, 1);
      errors.push(await rejection(make().getToken()));
    }
    clock.advance(HOUR);
    tokens.push(await provider.getToken());
  },
});
