// One scenario of core's authHooks with ky 2, run by packages/core/test/ky2.test.ts under the
// Node 22 of this folder (ky 2 needs it). It imports core and union-service as built (their dist),
// ky 2 from this folder's node_modules, sends its requests to the loopback emulator the test
// started, and prints what it saw as one JSON line; the test judges it.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import ky from 'ky';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const core = await import(pathToFileURL(env('AUTHWIRE_CORE_DIST')).href);
const { unionService } = await import(pathToFileURL(env('AUTHWIRE_UNION_DIST')).href);
const config = JSON.parse(env('AUTHWIRE_UNION_CONFIG'));
const protectedUrl = env('AUTHWIRE_PROTECTED_URL');
const foreignUrl = env('AUTHWIRE_FOREIGN_URL');
const revokeUrl = env('AUTHWIRE_REVOKE_URL');
const kyVersion = JSON.parse(readFileSync(new URL('node_modules/ky/package.json', import.meta.url), 'utf8')).version;

const provider = (overrides = {}) => unionService({ ...config, ...overrides }, { store: core.createMemoryStore() });
const client = (auth, retry) => ky.create({ hooks: core.authHooks(auth), retry, throwHttpErrors: false });

const scenarios = {
  async origins() {
    const api = client(provider(), 0);
    const own = await api.get(protectedUrl);
    const foreign = await api.get(foreignUrl);
    return { own: own.status, foreign: foreign.status };
  },
  async replay(retry) {
    const auth = provider();
    await auth.getToken();
    // The emulator (in the test's process) revokes every access token it issued.
    await fetch(revokeUrl, { method: 'POST' });
    const response = await client(auth, Number(retry)).post(protectedUrl, { json: { n: 7, note: 'kept' } });
    return { status: response.status, body: await response.json() };
  },
  async oneShot() {
    const auth = provider();
    await auth.getToken();
    await fetch(revokeUrl, { method: 'POST' });
    const api = client(auth, 0);
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('one-shot payload'));
        controller.close();
      },
    });
    const once = await api.post(protectedUrl, { body, duplex: 'half' });
    const next = await api.get(protectedUrl);
    return { once: once.status, next: next.status };
  },
  async permanent() {
    const response = await client(provider(), 2).get(protectedUrl);
    return { status: response.status };
  },
  async explicit() {
    const response = await client(provider(), 0).get(protectedUrl, {
      headers: { Authorization: 'Bearer caller-owned' },
    });
    return { status: response.status };
  },
  async tokenFailure() {
    try {
      await client(provider({ password: 'wrong-password' }), 2).get(protectedUrl);
      return { error: null };
    } catch (error) {
      return { error: { name: error.name, code: error.code, isAuthError: core.isAuthError(error) } };
    }
  },
};

const [name, ...args] = process.argv.slice(2);
const result = await scenarios[name](...args);
process.stdout.write(`${JSON.stringify({ node: process.version, ky: kyVersion, result })}\n`);
