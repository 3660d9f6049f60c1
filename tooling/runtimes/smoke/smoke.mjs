// What a user's code does, in every runtime of the matrix: for each provider, get a token, build
// its header, make a withAuth call to a protected endpoint of the emulator, and survive one
// rejected token (the emulator revokes the current one) with exactly one replay. Plain ESM, no
// runtime API: it imports the packed packages by name, as an application would, and returns what
// it saw (statuses and checks, never a token) for the test to judge.
import { createMemoryStore, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { oauth2 } from '@authwire/oauth2';
import { unionService } from '@authwire/union-service';

const factories = { 'masters-india': mastersIndia, 'union-service': unionService, oauth2 };

/** The runtime this runs in, as it names itself. */
function runtimeName() {
  const g = globalThis;
  if (g.Deno?.version) return `Deno ${g.Deno.version.deno}`;
  if (g.Bun?.version) return `Bun ${g.Bun.version}`;
  if (typeof g.EdgeRuntime === 'string') return `edge-runtime (${g.EdgeRuntime})`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (g.process?.versions?.node) return `Node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? 'unknown';
}

/** One provider's run: token, header, a protected call, then a revoked token and its one replay. */
async function run(name, { config, protectedUrl, revokeUrl }) {
  const provider = factories[name](config, { store: createMemoryStore() });
  const token = await provider.getToken();
  const header = await provider.getAuthorizationHeader();
  const api = withAuth(provider);
  const first = await api(protectedUrl);
  await first.body?.cancel();

  // The emulator refuses every token it has issued so far: the next call is rejected once, and
  // withAuth renews and replays it once, its JSON body intact.
  const revoked = await fetch(revokeUrl, { method: 'POST' });
  const sent = JSON.stringify({ runtime: runtimeName(), provider: name });
  const replayed = await api(protectedUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: sent,
  });
  const answer = await replayed.json();
  const renewed = await provider.getToken();
  return {
    provider: name,
    scheme: token.scheme,
    header: header === `${token.scheme} ${token.value}`,
    first: first.status,
    revoked: revoked.status,
    replayed: replayed.status,
    echoed: answer.echo === sent,
    renewed: renewed.value !== token.value,
  };
}

/**
 * A static key (core's `staticKey`, as Masters India's `apiKey` uses it): its header, and a
 * withAuth call to a real API path that accepts the key.
 */
async function runKey({ config, url }) {
  const provider = mastersIndia(config);
  const header = await provider.getAuthorizationHeader();
  const response = await withAuth(provider)(url);
  const answer = await response.json();
  return {
    provider: 'masters-india api_key',
    headerName: provider.headerName,
    header: header === config.apiKey,
    status: response.status,
    success: answer?.results?.status === 'Success',
  };
}

/**
 * Runs every provider against the emulator that `setup` describes, then the static key.
 *
 * @param setup - `{ providers: { [name]: { config, protectedUrl, revokeUrl } }, key: { config, url } }`
 * @returns `{ runtime, results, key }`: one result per provider, and the key's
 */
export async function smoke(setup) {
  const results = [];
  for (const [name, target] of Object.entries(setup.providers)) results.push(await run(name, target));
  return { runtime: runtimeName(), results, key: await runKey(setup.key) };
}
