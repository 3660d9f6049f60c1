/**
 * How Masters India's APIs reject a token (FACTS.md): 401 always; a 403 only with the Django REST
 * framework JWT libraries' words. Through `withAuth` against the msw mock's protected endpoint.
 */
import { withAuth } from '@authwire/core';
import { mastersIndiaHandlers, mockedProvider } from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { mastersIndia } from '../src/index.js';

const msw = useMswServer();

const rejections: [string, number, unknown, boolean][] = [
  [
    '401 {"detail": "Signature has expired."} (djangorestframework-jwt)',
    401,
    { detail: 'Signature has expired.' },
    true,
  ],
  ['401 with an empty body', 401, undefined, true],
  ['403 {"detail": "Signature has expired."}', 403, { detail: 'Signature has expired.' }, true],
  ['403 {"detail": "Error decoding signature."}', 403, { detail: 'Error decoding signature.' }, true],
  [
    '403 simplejwt {"code": "token_not_valid"}',
    403,
    { detail: 'Given token not valid for any token type', code: 'token_not_valid', messages: [] },
    true,
  ],
  [
    '403 {"detail": "You do not have permission to perform this action."}',
    403,
    { detail: 'You do not have permission to perform this action.' },
    false,
  ],
  ['403 with an empty body', 403, undefined, false],
  [
    '200 {"code": 204, "message": "5001: Application Error in Auth"}',
    200,
    { code: 204, message: '5001: Application Error in Auth' },
    false,
  ],
];

describe('mastersIndia: isTokenRejected', () => {
  it.each(rejections)('%s → rejected: %s', async (_, status, body, rejected) => {
    const { provider, mock, calls } = mockedProvider({ factory: mastersIndia, mock: mastersIndiaHandlers, msw });
    const api = withAuth(provider);
    await api(mock.protectedUrl);
    mock.server.fail('api', { type: 'status', status, ...(body === undefined ? {} : { body }) }, 1);
    const response = await api(mock.protectedUrl);
    expect(response.status).toBe(rejected ? 200 : status); // rejected: renewed and replayed once
    expect(calls.login + calls.refresh).toBe(rejected ? 2 : 1);
    if (!rejected && body !== undefined) expect(await response.json()).toEqual(body); // body intact
  });
});
