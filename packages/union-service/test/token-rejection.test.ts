/**
 * How the Union API rejects a token (FACTS.md): 401 (ASP.NET, `WWW-Authenticate: Bearer
 * error="invalid_token"`, often no body); a 403 is a permission refusal, never a dead token.
 */
import { withAuth } from '@authwire/core';
import { mockedProvider, unionServiceHandlers } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { unionService } from '../src/index.js';

const msw = useMswServer();

const INVALID_TOKEN = { 'www-authenticate': 'Bearer error="invalid_token", error_description="The token expired"' };

describe('unionService: isTokenRejected', () => {
  it.each([
    ['401 with WWW-Authenticate invalid_token and no body', 401, undefined, INVALID_TOKEN, true],
    ['401 ProblemDetails', 401, { title: 'Unauthorized', status: 401 }, {}, true],
    ['403 ProblemDetails (a permission refusal)', 403, { title: 'Forbidden', status: 403 }, {}, false],
    ['403 even with an expired-token body', 403, { detail: 'Signature has expired.' }, {}, false],
  ] as const)('%s → rejected: %s', async (_, status, body, headers, rejected) => {
    const { provider, mock, calls } = mockedProvider({ factory: unionService, mock: unionServiceHandlers, msw });
    const api = withAuth(provider);
    await api(mock.protectedUrl);
    mock.server.fail(
      'api',
      { type: 'status', status, headers: { ...headers }, ...(body === undefined ? {} : { body }) },
      1,
    );
    const response = await api(mock.protectedUrl);
    expect(response.status).toBe(rejected ? 200 : status);
    expect(calls.login + calls.refresh).toBe(rejected ? 2 : 1);
  });
});
