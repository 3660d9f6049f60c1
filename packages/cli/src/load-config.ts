import { readFile } from 'node:fs/promises';
import { AuthError, closestKey, configFromEnv } from '@authwire/core';
import { knownKeysOf } from './config-keys.js';
import type { Output } from './io.js';
import { envNameOf, type OptionsConfig, type ParsedCommandLine, secretRefused } from './parse-command-line.js';
import { PROVIDER_NAMES, SECRET_FIELDS } from './providers.js';
import { UsageError } from './usage-error.js';

/** The options of every command that builds a provider. */
export const configOptions = {
  config: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  username: { type: 'string' },
  set: { type: 'string', multiple: true },
  'no-cache': { type: 'boolean' },
  store: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
} as const satisfies OptionsConfig;

/** The help text of {@link configOptions}. */
export const configHelp = `Config (merged in this order, later wins):
  --config <file.json>   {"provider": "${PROVIDER_NAMES.join('" | "')}", …}
  AUTHWIRE_* variables   AUTHWIRE_PROVIDER, AUTHWIRE_BASE_URL, AUTHWIRE_USERNAME, AUTHWIRE_PASSWORD, …
  --provider <name>      ${PROVIDER_NAMES.join(' | ')}
  --base-url <url>       the provider's base URL
  --username <name>      the account's user name
  --set <key=value>      any other provider option, repeatable (a value starting with { is JSON)
Secrets (password, apiKey, clientSecret, value) come only from AUTHWIRE_* variables
(AUTHWIRE_PASSWORD, AUTHWIRE_API_KEY, AUTHWIRE_CLIENT_SECRET, AUTHWIRE_VALUE) or the config
file, never from a flag. An AUTHWIRE_* variable that is no setting of the chosen provider is an
error when it looks like a typo of one (AUTHWIRE_USERNAM), else ignored with a warning.

Token cache (tokens are reused across runs: ten calls, one login):
  --store <dir | redis://…>  where tokens are kept (default $XDG_CACHE_HOME/authwire, else
                             ~/.cache/authwire; redis needs @authwire/redis installed)
  --no-cache                 log in afresh and keep nothing
  -v, --verbose              explain on stderr: renewals and their timings, the token store,
                             where the header goes, and the cause chain of an error (redacted)`;

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
  if (SECRET_FIELDS.includes(key)) throw new UsageError(secretRefused(key));
  if (!value.trimStart().startsWith('{')) return [key, value];
  try {
    return [key, JSON.parse(value)];
  } catch {
    throw new UsageError(`option --set ${key}: the value starts with { but is not valid JSON`);
  }
}

/** The config of one command line, and what to add to a `CONFIG_INVALID` about it. */
export interface LoadedConfig {
  /** `{ provider, ...providerConfig }`, for `createProvider` (not validated yet). */
  readonly config: Record<string, unknown>;
  /** One line per `AUTHWIRE_*` variable that looks like a typo: its name and the likely one. */
  readonly hints: readonly string[];
}

/** The `AUTHWIRE_*` variables by the config key `configFromEnv` makes of each. */
function envNamesByKey(env: Record<string, string | undefined>): Map<string, string> {
  const names = new Map<string, string>();
  for (const name of Object.keys(env)) {
    const single = configFromEnv({ [name]: env[name] }, 'AUTHWIRE_');
    for (const key of Object.keys(single)) names.set(key, name);
  }
  return names;
}

/**
 * Merges the config sources of one command line: the `--config` file, then `AUTHWIRE_*`
 * variables, then `--provider`, `--base-url`, `--username` and `--set key=value` (later wins,
 * key by key). An `AUTHWIRE_*` variable that is no setting of the chosen provider stays in the
 * config (so the provider refuses it) with a hint naming the variable and the likely one when it
 * looks like a typo; otherwise it is left out, with a warning on `stderr` (the environment is
 * shared with other tools).
 *
 * @param values - the parsed {@link configOptions}
 * @param env - the environment
 * @param stderr - where warnings go
 * @returns the config and the hints for a `CONFIG_INVALID`
 * @throws AuthError `CONFIG_INVALID` for an unreadable or non-object config file
 * @throws UsageError for a malformed `--set` or a secret in `--set`
 */
export async function loadConfig(
  values: ParsedCommandLine['values'],
  env: Record<string, string | undefined>,
  stderr: Output,
): Promise<LoadedConfig> {
  const file = typeof values.config === 'string' ? await readConfigFile(values.config) : {};
  const flags: Record<string, unknown> = {};
  if (typeof values.provider === 'string') flags.provider = values.provider;
  if (typeof values['base-url'] === 'string') flags.baseUrl = values['base-url'];
  if (typeof values.username === 'string') flags.username = values.username;
  for (const pair of Array.isArray(values.set) ? values.set : []) {
    const [key, value] = parseSet(pair);
    flags[key] = value;
  }
  const fromEnv = configFromEnv(env, 'AUTHWIRE_');
  const config: Record<string, unknown> = { ...file, ...fromEnv, ...flags };
  const known = knownKeysOf(config.provider);
  const hints: string[] = [];
  if (known !== undefined) {
    const names = envNamesByKey(env);
    for (const key of Object.keys(fromEnv)) {
      if (known.has(key) || key in flags) continue;
      const name = names.get(key) ?? envNameOf(key);
      const likely = closestKey(key, known);
      if (likely !== undefined) {
        hints.push(`${name} is not a setting of ${String(config.provider)}: did you mean ${envNameOf(likely)}?`);
      } else {
        if (key in file) config[key] = file[key];
        else delete config[key];
        stderr.write(`authwire: warning: ignoring ${name}: not a setting of ${String(config.provider)}\n`);
      }
    }
  }
  return { config, hints };
}
