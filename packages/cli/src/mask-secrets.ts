const SECRET_KEY = /pass(word)?$|secret|token|api[-_]?key|authorization/i;

/**
 * A copy of `value` with the value of every secret-looking key (`password`, `*secret*`,
 * `*token*`, `api_key`, `Authorization`), at any depth, replaced by `***`.
 *
 * @param value - a config
 * @returns the masked copy
 */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? '***' : maskSecrets(item)]),
  );
}
