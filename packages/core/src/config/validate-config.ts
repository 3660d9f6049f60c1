import { type GenericSchema, type InferOutput, safeParse } from 'valibot';
import { AuthError } from '../errors/auth-error.js';
import { createRedactor } from '../errors/redactor.js';
import { configKeys, describeConfigIssues, pathOf } from './describe-config-issues.js';

/**
 * Validates a provider's config with its valibot schema, or throws `CONFIG_INVALID` naming
 * every invalid field. Values are never echoed, and the secrets are redacted even where a key
 * holds one (a password pasted as a field name).
 *
 * @param provider - the provider's name, for the message
 * @param schema - the provider's config schema
 * @param config - the untrusted config
 * @param secrets - the values of the config's secret fields
 * @returns the typed config, defaults applied
 * @example
 * ```ts
 * import { baseUrlSchema, validateConfig } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const AcmeConfigSchema = v.object({ baseUrl: baseUrlSchema(), username: v.string(), password: v.string() });
 * const input: unknown = JSON.parse(process.env.ACME_CONFIG ?? '{}');
 * // Typed `{ baseUrl, username, password }`; else CONFIG_INVALID naming every bad field, never a value.
 * const acme = validateConfig('acme', AcmeConfigSchema, input);
 * ```
 */
export function validateConfig<S extends GenericSchema>(
  provider: string,
  schema: S,
  config: unknown,
  secrets: readonly string[] = [],
): InferOutput<S> {
  const result = safeParse(schema, config);
  if (result.success) return result.output;
  const fields = [...new Set(result.issues.map(pathOf))];
  const { redact } = createRedactor(secrets);
  const lines = describeConfigIssues(result.issues, configKeys(schema));
  const message = `${provider}: invalid config: ${fields.join(', ')}\n${lines.map((line) => `  - ${line}`).join('\n')}`;
  throw new AuthError('CONFIG_INVALID', redact(message), { provider });
}
