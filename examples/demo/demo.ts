/**
 * `pnpm demo`: authwire end to end, on the embedded emulator — no credentials, no network.
 *
 * The same application code runs four times — Masters India (JWT login), Masters India (a
 * permanent api_key), union-service, and OAuth2 client credentials against a Keycloak-like realm
 * — only the config object changes.
 * A shared virtual clock (the `clock` option) lets tokens age by hours in milliseconds.
 */
import {
  type AuthEvent,
  authHooks,
  createMemoryStore,
  createProvider,
  isAuthError,
  type ProviderFactory,
  withAuth,
} from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { oauth2 } from '@authwire/oauth2';
import { type ProviderMock, startEmulator } from '@authwire/testing';
import { unionService } from '@authwire/union-service';
import ky from 'ky';

const useColor = !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const [bold, dim, green, yellow, cyan, magenta, red] = [1, 2, 32, 33, 36, 35, 31].map(paint) as [
  (t: string) => string,
  (t: string) => string,
  (t: string) => string,
  (t: string) => string,
  (t: string) => string,
  (t: string) => string,
  (t: string) => string,
];

/** A virtual clock shared by the emulator and the providers. */
let now = Date.now();
const clock = { now: () => now };
const formatAge = (ms: number) => {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
};

const say = (icon: string, text: string) => console.log(`  ${icon} ${text}`);

interface Tally {
  requests: number;
  cacheHits: number;
  logins: number;
  refreshes: number;
  replays: number;
}

/** The providers the application knows: `config.provider` picks one. */
// biome-ignore lint/suspicious/noExplicitAny: each factory has its own config type
const PROVIDERS: ProviderFactory<any>[] = [mastersIndia, unionService, oauth2];
const YEAR = 365 * 24 * 3_600_000;

/** The application: identical for every provider; only `config` (and the API's URL) differ. */
async function app(config: Record<string, unknown>, mock: ProviderMock, url: string, tally: Tally) {
  const provider = createProvider(config, {
    providers: PROVIDERS,
    clock,
    store: createMemoryStore({ now: clock.now }),
    onEvent: (event: AuthEvent) => {
      if (event.type === 'login') {
        tally.logins += 1;
        say(green('🔑'), `${green('login')} → token valid ${formatAge(event.expiresAt - now)}`);
      } else if (event.type === 'refresh') {
        tally.refreshes += 1;
        say(green('♻️ '), `${green('refresh')} → token valid ${formatAge(event.expiresAt - now)}`);
      } else if (event.type === 'clock-skew') {
        say(yellow('⏱ '), yellow('clock skew: the token looked expired on arrival; using it anyway'));
      } else if (event.type === 'renewal-failed') {
        say(red('✗'), red(`renewal failed: ${event.code}`));
      }
    },
  });
  const upstream = () => mock.server.calls.login + mock.server.calls.refresh;

  const call = async (label: string, run: () => Promise<number>, note = '') => {
    const before = upstream();
    const status = await run();
    tally.requests += 1;
    const fromCache = upstream() === before || note !== '';
    if (fromCache) tally.cacheHits += 1;
    const detail = note || (fromCache ? ' (token from cache)' : '');
    say(status === 200 ? cyan('→') : red('→'), `${label}: HTTP ${status}${dim(detail)}`);
  };

  const api = withAuth(provider);
  const client = ky.create({ hooks: authHooks(provider), retry: 0, throwHttpErrors: false });

  await call('fetch via withAuth', async () => (await api(url)).status);
  await call('ky via authHooks', async () => (await client.get(url)).status);

  const token = await provider.getToken();
  // The secret field of this config (password, clientSecret, apiKey): replaced to show a refusal.
  const factory = PROVIDERS.find((candidate) => candidate.providerName === config.provider);
  const secretField = factory?.secretFields.find((field) => field in config) ?? 'password';
  if (token.expiresAt - now > 100 * YEAR) {
    say(dim(' '), dim(`  a permanent key in the ${provider.headerName} header: no login, no expiry, nothing to renew`));
    const wrongKey = withAuth(createProvider({ ...config, [secretField]: 'not-the-key' }, { providers: PROVIDERS }));
    const refused = await wrongKey(url);
    say(
      red('✗'),
      `wrong key → HTTP ${red(String(refused.status))} returned as it is (a key cannot be renewed: no replay)`,
    );
    return;
  }
  const toStale = token.expiresAt - Math.min(4 * 60_000, (token.expiresAt - now) * 0.08) - now;
  now += toStale;
  say(magenta('⏩'), magenta(`${formatAge(toStale)} later: the token is stale (inside its refresh window)`));
  if (token.refreshExpiresAt !== undefined && token.refreshExpiresAt < now) {
    say(
      dim(' '),
      dim(
        `  its refresh token died ${formatAge(now - token.refreshExpiresAt)} ago: renewal logs in, no wasted refresh call`,
      ),
    );
  }
  await call('fetch, stale token', async () => (await api(url)).status, ' (current token served at once)');
  await new Promise((resolve) => setTimeout(resolve, 50));

  const current = await provider.getToken();
  const toExpiry = current.expiresAt + 1 - now;
  now += toExpiry;
  say(magenta('⏩'), magenta(`${formatAge(toExpiry)} later: the token expired`));
  const before = upstream();
  const burst = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0 ? api(url).then((r) => r.status) : client.get(url).then((r) => r.status),
    ),
  );
  const renewals = upstream() - before;
  tally.requests += burst.length;
  tally.cacheHits += burst.length - renewals;
  const allOk = burst.every((status) => status === 200);
  say(
    allOk ? cyan('→') : red('→'),
    `100 concurrent requests (fetch + ky): ${allOk ? 'all HTTP 200' : 'NOT all 200'}, ${bold(String(renewals))} token call`,
  );

  mock.server.revokeAccessTokens();
  say(yellow('⚠️ '), yellow('the provider revoked every token (a 401 is coming)'));
  const replaysBefore = mock.server.calls.apiRejected;
  await call('fetch after revocation', async () => (await api(url)).status);
  tally.replays += mock.server.calls.apiRejected - replaysBefore;
  say(dim(' '), dim('  401 → invalidated that token → renewed → replayed once → 200'));

  const wrong = createProvider({ ...config, [secretField]: 'not-the-secret' }, { providers: PROVIDERS, clock });
  const error = await wrong.getToken().catch((e: unknown) => e);
  if (isAuthError(error))
    say(red('✗'), `wrong ${secretField} → ${red(error.code)} (typed error, nothing cached, no secret in the message)`);
}

async function main() {
  const started = performance.now();
  console.log(bold('\nauthwire demo') + dim(' — the embedded emulator on 127.0.0.1, no credentials, no network\n'));
  const emulator = await startEmulator({ now: clock.now });
  console.log(dim(`  emulator listening on ${emulator.url}\n`));
  const totals: Tally = { requests: 0, cacheHits: 0, logins: 0, refreshes: 0, replays: 0 };
  try {
    const mi = emulator.mastersIndia;
    const runs: [string, Record<string, unknown>, ProviderMock, string][] = [
      ['masters-india (JWT login)', { provider: mi.name, ...mi.config() }, mi, mi.protectedUrl],
      [
        'masters-india (api_key)',
        { provider: mi.name, ...mi.keyConfig() },
        mi,
        `${mi.api.getEinvoice}?gstin=05AAABB0639G1Z8&irn=demo`,
      ],
      [
        'union-service',
        { provider: 'union-service', ...emulator.unionService.config() },
        emulator.unionService,
        emulator.unionService.protectedUrl,
      ],
      [
        'oauth2 (client credentials)',
        { provider: 'oauth2', ...emulator.oauth2.config() },
        emulator.oauth2,
        emulator.oauth2.protectedUrl,
      ],
    ];
    for (const [title, config, mock, url] of runs) {
      const masked = Object.fromEntries(
        Object.entries(config).map(([key, value]) => [key, /password|secret|key/i.test(key) ? '***' : value]),
      );
      console.log(bold(`▶ ${title}`) + dim(`  config: ${JSON.stringify(masked)}`));
      await app(config, mock, url, totals);
      console.log();
    }
  } finally {
    await emulator.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    bold(green('✔ demo done: ')) +
      `4 kinds of provider, ${totals.requests} authorized requests, ${totals.cacheHits} served from cache, ` +
      `${totals.logins} logins, ${totals.refreshes} refreshes, ${totals.replays} replays after 401, in ${seconds} s`,
  );
}

main().catch((error: unknown) => {
  console.error(red(`demo failed: ${isAuthError(error) ? `${error.code}: ${error.message}` : String(error)}`));
  process.exitCode = 1;
});
