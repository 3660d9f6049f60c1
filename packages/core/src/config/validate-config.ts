import { type GenericSchema, type InferOutput, safeParse } from 'valibot';
import { AuthError } from '../errors/auth-error.js';
import { describeIssues } from '../http/describe-issues.js';

/**
 * Validates a provider's config with its valibot schema, or throws `CONFIG_INVALID` naming
 * every invalid field. Values are never echoed: a password may be among them.
 *
 * @param provider - the provider's name, for the message
 * @param schema - the provider's config schema
 * @param config - the untrusted config
 * @returns the typed config, defaults applied
 * @example
 * ```ts
 * const config = validateConfig('acme', AcmeConfigSchema, input);
 * ```
 */
export function validateConfig<S extends GenericSchema>(provider: string, schema: S, config: unknown): InferOutput<S> {
  const result = safeParse(schema, config);
  if (result.success) return result.output;
  const fields = [
    ...new Set(result.issues.map((issue) => issue.path?.map((item) => String(item.key)).join('.') || '(config)')),
  ];
  throw new AuthError(
    'CONFIG_INVALID',
    `${provider}: invalid config: ${fields.join(', ')} (${describeIssues(result.issues)})`,
    {
      provider,
    },
  );
}
