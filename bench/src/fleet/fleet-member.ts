// Entry of one fleet process of the cross-process storm: three ways of getting a token
// (authwire on the shared Redis store, authwire on its own memory store, OAuth2Fetch), each
// seeded at start, then `calls` concurrent `getToken()` per `go`.
import { createMemoryStore, type TokenStore } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { createRedisStore } from '@authwire/redis';
import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import { resolvedCore } from '../build/resolved-core.js';
import { API_PATHS, OAUTH2_CLIENT } from '../servers/api-protocol.js';
import type { FleetCommand, FleetConfig, FleetMode, FleetReport } from './fleet-protocol.js';

resolvedCore(); // refuses to run on the sources
const config = JSON.parse(process.env.BENCH_FLEET ?? '{}') as FleetConfig;
const send = (report: FleetReport) => process.send?.(report);

const redis = createRedisStore({ url: config.redisUrl, prefix: config.prefix });
const authwire = (store: TokenStore) => {
  const provider = mastersIndia(config.mastersIndia, { store });
  return async () => (await provider.getToken()).value;
};
const client = new OAuth2Client({
  server: config.apiOrigin,
  tokenEndpoint: API_PATHS.token,
  clientId: OAUTH2_CLIENT.id,
  clientSecret: OAUTH2_CLIENT.secret,
});
const wrapper = new OAuth2Fetch({ client, getNewToken: () => client.clientCredentials(), scheduleRefresh: false });
const getters: Record<FleetMode, () => Promise<string>> = {
  'authwire-redis': authwire(redis),
  'authwire-memory': authwire(createMemoryStore()),
  'oauth2-fetch': async () => (await wrapper.getToken()).accessToken,
};

async function storm(mode: FleetMode): Promise<FleetReport> {
  const outcomes = await Promise.allSettled(Array.from({ length: config.calls }, () => getters[mode]()));
  const tokens = new Set<string>();
  const errors = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') tokens.add(outcome.value);
    else errors.add(String((outcome.reason as { code?: unknown }).code ?? outcome.reason));
  }
  const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
  return { type: 'result', mode, failed, tokens: [...tokens], errors: [...errors] };
}

for (const get of Object.values(getters)) await get();
process.on('message', (command: FleetCommand) => {
  if (command.type === 'go') void storm(command.mode).then(send);
  else void redis.close().finally(() => process.exit(0));
});
send({ type: 'ready' });
