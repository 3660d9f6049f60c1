import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SECRET_FIELDS } from './providers.js';
import { UsageError } from './usage-error.js';

/** The options of a command, as `parseArgs` takes them. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options and positional arguments of one command line, checked against its options. */
export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * The environment variable of a config key, as `configFromEnv` reads it: `apiKey` → `AUTHWIRE_API_KEY`.
 *
 * @param key - a config key
 * @returns its variable's name
 */
export const envNameOf = (key: string): string =>
  `AUTHWIRE_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

/**
 * The one line that answers a secret on the command line (`--password`, `--api-key`,
 * `--set clientSecret=…`, …).
 *
 * @param field - the secret config field
 * @returns the message, naming where the secret may come from instead
 */
export const secretRefused = (field: string): string =>
  `${field === 'password' ? 'passwords are' : `secrets (${field}) are`} not accepted on the command line (shells and \`ps\` show them): set ${envNameOf(field)} or put "${field}" in the --config file`;

const kebab = (field: string) => field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Option names that would carry a secret: `--password`, `--api-key` / `--apiKey`, `--client-secret`, `--value`. */
const SECRET_OPTIONS = new Map(
  SECRET_FIELDS.flatMap((field) => [[field, field] as const, [kebab(field), field] as const]),
);

/**
 * Parses `args` with `node:util` `parseArgs`, non-strict so that every mistake is reported by
 * option name only: `parseArgs`' own strict errors quote the offending argument, which may be
 * a secret.
 *
 * @param args - the arguments after the command name
 * @param options - the command's options
 * @param allowPositionals - whether positional arguments are allowed
 * @returns the values and positional arguments
 * @throws UsageError for an unknown option, a missing or unexpected value, an unexpected argument, a secret (`--password`, `--api-key`, …)
 */
export function parseCommandLine(
  args: readonly string[],
  options: OptionsConfig,
  allowPositionals: boolean,
): ParsedCommandLine {
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'positional' && !allowPositionals) {
      throw new UsageError('unexpected argument (run with --help for usage)');
    }
    if (token.kind !== 'option') continue;
    const secret = SECRET_OPTIONS.get(token.name);
    if (secret !== undefined) throw new UsageError(secretRefused(secret));
    const option = options[token.name];
    if (option === undefined) throw new UsageError(`unknown option ${token.rawName} (run with --help for usage)`);
    if (option.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`option ${token.rawName} takes no value`);
    }
    // Like strict parseArgs: `--username --json` is a forgotten value, not the username "--json".
    if (
      option.type === 'string' &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
    ) {
      throw new UsageError(`option ${token.rawName} needs a value`);
    }
  }
  return { values: values as ParsedCommandLine['values'], positionals };
}
