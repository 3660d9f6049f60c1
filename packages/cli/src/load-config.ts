import { readFile } from 'node:fs/promises';
import { AuthError, configFromEnv } from '@authwire/core';
import { type OptionsConfig, PASSWORD_REFUSED, type ParsedCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

/** The options of every command that builds a provider. */
export const configOptions = {
  config: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  username: { type: 'string' },
  set: { type: 'string', multiple: true },
} as const satisfies OptionsConfig;

/** The help text of {@link configOptions}. */
export const configHelp = `Config (merged in this order, later wins):
  --config <file.json>   {"provider": "masters-india" | "union-service", "username": …, "password": …, …}
  AUTHWIRE_* variables   AUTHWIRE_PROVIDER, AUTHWIRE_BASE_URL, AUTHWIRE_USERNAME, AUTHWIRE_PASSWORD, …
  --provider <name>      masters-india | union-service
  --base-url <url>       the provider's base URL
  --username <name>      the account's user name
  --set <key=value>      any other provider option, repeatable (a value starting with { is JSON)
The password comes only from AUTHWIRE_PASSWORD or the config file, never from a flag.`;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AuthError(
      'CONFIG_INVALID',
      `cannot read config file ${path}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault: it may be the password.
    throw new AuthError('CONFIG_INVALID', `config file ${path} is not valid JSON`);
  }
  if (!isObject(parsed)) throw new AuthError('CONFIG_INVALID', `config file ${path} must hold a JSON object`);
  return parsed;
}

function parseSet(pair: string): [string, unknown] {
  const at = pair.indexOf('=');
  if (at <= 0) throw new UsageError('option --set needs key=value');
  const key = pair.slice(0, at);
  const value = pair.slice(at + 1);
  if (key === 'password') throw new UsageError(PASSWORD_REFUSED);
  if (!value.trimStart().startsWith('{')) return [key, value];
  try {
    return [key, JSON.parse(value)];
  } catch {
    throw new UsageError(`option --set ${key}: the value starts with { but is not valid JSON`);
  }
}

/**
 * Merges the config sources of one command line: the `--config` file, then `AUTHWIRE_*`
 * variables, then `--provider`, `--base-url`, `--username` and `--set key=value` (later wins,
 * key by key).
 *
 * @param values - the parsed {@link configOptions}
 * @param env - the environment
 * @returns the config, for `createProvider` (not validated yet)
 * @throws AuthError `CONFIG_INVALID` for an unreadable or non-object config file
 * @throws UsageError for a malformed `--set` or `--set password=…`
 */
export async function loadConfig(
  values: ParsedCommandLine['values'],
  env: Record<string, string | undefined>,
): Promise<Record<string, unknown>> {
  const file = typeof values.config === 'string' ? await readConfigFile(values.config) : {};
  const flags: Record<string, unknown> = {};
  if (typeof values.provider === 'string') flags.provider = values.provider;
  if (typeof values['base-url'] === 'string') flags.baseUrl = values['base-url'];
  if (typeof values.username === 'string') flags.username = values.username;
  for (const pair of Array.isArray(values.set) ? values.set : []) {
    const [key, value] = parseSet(pair);
    flags[key] = value;
  }
  return { ...file, ...configFromEnv(env, 'AUTHWIRE_'), ...flags };
}
