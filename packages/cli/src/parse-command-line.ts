import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** The options of a command, as `parseArgs` takes them. */
export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The options and positional arguments of one command line, checked against its options. */
export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** The one line that answers `--password` or `--set password=…`. */
export const PASSWORD_REFUSED =
  'passwords are not accepted on the command line (shells and `ps` show them): set AUTHWIRE_PASSWORD or put "password" in the --config file';

/**
 * Parses `args` with `node:util` `parseArgs`, non-strict so that every mistake is reported by
 * option name only: `parseArgs`' own strict errors quote the offending argument, which may be
 * a secret.
 *
 * @param args - the arguments after the command name
 * @param options - the command's options
 * @param allowPositionals - whether positional arguments are allowed
 * @returns the values and positional arguments
 * @throws UsageError for an unknown option, a missing or unexpected value, an unexpected argument, `--password`
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
    if (token.name === 'password') throw new UsageError(PASSWORD_REFUSED);
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
