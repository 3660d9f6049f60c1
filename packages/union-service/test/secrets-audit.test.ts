/**
 * Secrets audit of the union-service adapter (DESIGN.md invariant 7): every error path of login
 * and refresh is driven over HTTP with answers that echo the submitted password and the tokens —
 * ProblemDetails, ASP.NET validation, Keycloak errors passed through or wrapped, plain text — and
 * neither the errors (message, stack, the whole `cause` chain, JSON, inspection), nor the events,
 * nor the provider show the password or any token.
 */

import { type Fault, unionServiceHandlers } from '@authwire/testing';
import { describeSecretsAudit } from '@authwire-tooling/reliability';
import { unionService } from '../src/index.js';

const HOUR = 3_600_000;
const PROBLEM = { 'content-type': 'application/vnd.restful+json' };

describeSecretsAudit({
  name: 'unionService',
  start: Date.parse('2026-03-02T08:00:00Z'),
  factory: unionService,
  mock: unionServiceHandlers,
  server: { refreshLifetimeMs: 24 * HOUR },
  invalidConfig: (password) => ({
    baseUrl: `http://u:${password}@union.example.com`,
    username: '',
    password,
    passwrod: password,
  }),
  async renewals({ password, first, clock, tokens, provider, failRenewal }) {
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
  },
});
