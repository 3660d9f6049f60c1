/**
 * openapi-union: a typed Union API client generated from its swagger, authorized by authwire.
 *
 * `src/union-api.d.ts` is generated from `union-service-swagger.json` by openapi-typescript
 * (`pnpm --filter @authwire-examples/openapi-union generate`). openapi-fetch's `createClient<paths>`
 * types every path, parameter and body from it; `client.use(authMiddleware(provider))` adds
 * `Authorization: Bearer …` and replays a call once, with a new token, when the API answers 401.
 */
import { type AuthEvent, authMiddleware, configFromEnv, createProvider, isAuthError } from '@authwire/core';
import { unionService } from '@authwire/union-service';
import createClient from 'openapi-fetch';
import type { components, paths } from './union-api.js';

type CalculateFeeCommand = components['schemas']['CalculateFeeCommand'];

const API_VERSION = { 'api-version': '1.0' } as const;

let logins = 0;
function logEvent(event: AuthEvent): void {
  if (event.type === 'login') logins += 1;
  console.log(`[authwire] ${event.provider}: ${event.type}`);
}

/** The data of an openapi-fetch answer, or an error naming the call and its status. */
function dataOf<T>(call: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${call}: HTTP ${result.response.status} ${JSON.stringify(result.error ?? null)}`);
  }
  return result.data;
}

async function main(): Promise<void> {
  // AUTHWIRE_USERNAME, AUTHWIRE_PASSWORD, and optionally AUTHWIRE_BASE_URL, AUTHWIRE_PATH_PREFIX.
  const env = configFromEnv(process.env);
  const provider = createProvider(
    { ...env, provider: 'union-service' },
    { providers: [unionService], onEvent: logEvent },
  );
  const baseUrl = String(env.baseUrl ?? 'https://union-uat.ist-pay.com').replace(/\/+$/, '');
  const pathPrefix = String(env.pathPrefix ?? '/union-service');

  // The swagger's server is `/union-service`: its paths start after the prefix.
  const client = createClient<paths>({ baseUrl: `${baseUrl}${pathPrefix}` });
  client.use(authMiddleware(provider));

  const countries = dataOf(
    'GET /members/countries',
    await client.GET('/members/countries', { params: { query: API_VERSION } }),
  );
  console.log(`countries: ${countries.length} (${countries.map((country) => country.countryCode).join(', ')})`);

  // The swagger's example request.
  const transfer: CalculateFeeCommand = {
    sendCurrencyCode: 'USD',
    receiveCurrencyCode: 'USD',
    sendAmount: 9559.25,
    senderMemberCode: 'bwp-aNs',
    receiveInCountryCode: 'US',
    receiverMemberCode: '010203',
    channelType: 'Transfer2Wallet',
    createCurrencyRateToken: false,
  };
  // Concurrent calls share the cached token: still one login.
  const [channels, fee] = await Promise.all([
    client
      .GET('/members/channels', { params: { query: { ...API_VERSION, 'country-code': 'US' } } })
      .then((result) => dataOf('GET /members/channels', result)),
    client
      .POST('/transfers/calculate-fee', { params: { query: API_VERSION }, body: transfer })
      .then((result) => dataOf('POST /transfers/calculate-fee', result)),
  ]);
  console.log(`channels: ${channels.map((channel) => channel.channelType).join(', ')}`);
  console.log(`fee: ${fee.feeAmount} ${fee.feeCurrency} to send ${fee.sendAmount} ${fee.sendCurrencyCode}`);
  console.log(`done: 3 calls, ${logins} login${logins === 1 ? '' : 's'}`);
}

main().catch((error: unknown) => {
  const message = isAuthError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  console.error(`openapi-union failed: ${message}`);
  process.exitCode = 1;
});
