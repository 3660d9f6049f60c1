/**
 * A copy of `config` with the value of every secret field its provider declares
 * (`ProviderFactory.secretFields`: the same declaration that drives redaction) replaced by `***`.
 *
 * @param config - a `{ provider, … }` config
 * @param secretFields - the secret fields of the provider `config.provider` names
 * @returns the masked copy
 */
export function maskSecrets(config: Record<string, unknown>, secretFields: readonly string[]): Record<string, unknown> {
  const secret = new Set(secretFields);
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, secret.has(key) ? '***' : value]));
}
