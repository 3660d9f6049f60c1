/**
 * Reads a provider config from environment variables: `AUTHWIRE_PROVIDER`, `AUTHWIRE_BASE_URL`,
 * `AUTHWIRE_USERNAME`, … become `{ provider, baseUrl, username, … }` (the rest of each name,
 * camel-cased). A value that starts with `{` or `[` is parsed as JSON (e.g. `AUTHWIRE_HEADERS`,
 * `AUTHWIRE_PARAMS`); `AUTHWIRE_ORIGINS` is a JSON array or a comma-separated list
 * (`https://api.example.com, https://files.example.com`).
 *
 * @param env - the environment, e.g. `process.env` or `Deno.env.toObject()`
 * @param prefix - the variables' prefix
 * @returns the config, for {@link createProvider}
 * @default prefix 'AUTHWIRE_'
 * @example
 * ```ts
 * import { configFromEnv, createProvider } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 * import { unionService } from '@authwire/union-service';
 *
 * // AUTHWIRE_PROVIDER=union-service AUTHWIRE_BASE_URL=https://union-uat.ist-pay.com AUTHWIRE_USERNAME=… AUTHWIRE_PASSWORD=…
 * const provider = createProvider(configFromEnv(process.env), { providers: [mastersIndia, unionService] });
 * ```
 */
export function configFromEnv(env: Record<string, string | undefined>, prefix = 'AUTHWIRE_'): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || value === undefined || name.length === prefix.length) continue;
    const key = name
      .slice(prefix.length)
      .toLowerCase()
      .replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    config[key] = key === 'origins' ? parseList(value) : parseValue(value);
  }
  return config;
}

function parseValue(value: string): unknown {
  const start = value.trimStart()[0];
  if (start !== '{' && start !== '[') return value;
  try {
    return JSON.parse(value);
  } catch {
    // Left as text: the provider's config check names the field and what it expected.
    return value;
  }
}

/** A JSON array, or a comma-separated list (spaces around items ignored, empty items dropped). */
function parseList(value: string): unknown {
  if (value.trimStart().startsWith('[')) return parseValue(value);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
