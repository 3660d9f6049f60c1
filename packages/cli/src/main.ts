import { isAuthError } from '@authwire/core';
import packageJson from '../package.json' with { type: 'json' };
import type { Command } from './command.js';
import { checkConfigCommand } from './commands/check-config.js';
import { curlCommand } from './commands/curl.js';
import { emulatorCommand } from './commands/emulator.js';
import { headerCommand } from './commands/header.js';
import { tokenCommand } from './commands/token.js';
import type { Io, MainOptions, Output } from './io.js';
import { parseCommandLine } from './parse-command-line.js';
import { PROVIDER_NAMES } from './providers.js';
import { UsageError } from './usage-error.js';

const commands: readonly Command[] = [tokenCommand, headerCommand, curlCommand, emulatorCommand, checkConfigCommand];

const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

function globalHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 3;
  return `authwire ${packageJson.version}: get, print and use API tokens (${PROVIDER_NAMES.join(', ')})

Usage: authwire <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`).join('\n')}

Options:
  -h, --help     show help; after a command, that command's help (authwire token --help)
  --version      print the version

The commands that log in read the config from --config <file.json>, then AUTHWIRE_* variables,
then --provider, --base-url, --username and --set key=value (later wins); the provider is one
of ${PROVIDER_NAMES.join(' | ')}. Secrets (password, apiKey, clientSecret, value) come only
from AUTHWIRE_* variables or the config file, never from a flag. Tokens are cached between runs
in $XDG_CACHE_HOME/authwire (else ~/.cache/authwire): --no-cache, --store <dir | redis://…>.
--verbose explains on stderr: renewals, timings, where the header goes, an error's causes.

Exit codes: 0 success; 1 authentication or config error (authwire: <CODE>: <message>);
2 usage error; curl: curl's own exit code, 127 when curl is missing.`;
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(`${globalHelp()}\n`);
    return 2;
  }
  if (name.startsWith('-')) {
    const { values } = parseCommandLine(argv, { ...helpOption, version: { type: 'boolean' } }, false);
    io.stdout.write(values.version === true ? `${packageJson.version}\n` : `${globalHelp()}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  // The name is not echoed: it may be a secret pasted in the wrong place.
  if (command === undefined) {
    throw new UsageError(`unknown command (commands: ${commands.map((known) => known.name).join(', ')})`);
  }
  const commandLine = parseCommandLine(rest, { ...command.options, ...helpOption }, command.positionals);
  if (commandLine.values.help === true) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(commandLine, io);
}

function report(error: unknown, stderr: Output): number {
  const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');
  if (error instanceof UsageError) {
    stderr.write(`authwire: ${oneLine(error.message)}\n`);
    return 2;
  }
  if (isAuthError(error)) {
    stderr.write(`authwire: ${error.code}: ${oneLine(error.message)}\n`);
    return 1;
  }
  stderr.write(`authwire: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
  return 1;
}

/**
 * Runs the `authwire` command line: `token`, `header`, `curl -- <curl args>`, `emulator`,
 * `check-config`, `--help`, `--version`. Errors are reported on `stderr` as one line
 * (`authwire: <CODE>: <message>` for an `AuthError`), never with a stack or a secret.
 *
 * @param argv - the arguments after the program name, e.g. `process.argv.slice(2)`
 * @param options - the streams and environment to use instead of the process's
 * @returns the exit code: 0 success, 1 authentication or config error, 2 usage error, curl's own for `curl`
 * @example
 * ```ts
 * import { main } from '@authwire/cli';
 *
 * let header = '';
 * const code = await main(['header', '--config', 'union.json'], {
 *   stdout: { write: (chunk) => (header += String(chunk)) },
 * });
 * if (code === 0) console.log(header.trim()); // 'Bearer eyJ…'
 * ```
 */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const io: Io = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    env: options.env ?? process.env,
    signal: options.signal,
  };
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return report(error, io.stderr);
  }
}
