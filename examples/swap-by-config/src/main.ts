/**
 * swap-by-config: one application, the provider chosen by configuration.
 *
 * `--config <file.json>` reads the provider config from a JSON file; without it, the config comes
 * from `AUTHWIRE_*` environment variables. `run()` never learns which provider it talks to.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { configFromEnv, createProvider, isAuthError, type TokenProvider, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';

/** The application: the same code for every provider. */
async function run(provider: TokenProvider, apiUrl: string): Promise<void> {
  const api = withAuth(provider);
  const response = await api(apiUrl);
  console.log(`${provider.name}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
}

/** The provider config: plain data from a JSON file or from the environment. */
async function loadConfig(): Promise<unknown> {
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift(); // `pnpm start -- --config …` passes the `--` through
  const { values } = parseArgs({ args, options: { config: { type: 'string' } } });
  if (values.config === undefined) return configFromEnv(process.env); // AUTHWIRE_PROVIDER, AUTHWIRE_BASE_URL, …
  return JSON.parse(await readFile(values.config, 'utf8'));
}

async function main(): Promise<void> {
  const apiUrl = process.env.API_URL;
  if (!apiUrl) throw new Error('set API_URL (see README.md)');
  const provider = createProvider(await loadConfig(), {
    providers: [mastersIndia, unionService],
    onEvent: (event) => console.log(`[authwire] ${event.provider}: ${event.type}`),
  });
  await run(provider, apiUrl);
}

main().catch((error: unknown) => {
  const message = isAuthError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  console.error(`swap-by-config failed: ${message}`);
  process.exitCode = 1;
});
