import type { Io } from './io.js';
import type { OptionsConfig, ParsedCommandLine } from './parse-command-line.js';

/** One `authwire` command: its options, its help text and what it does. */
export interface Command {
  readonly name: string;
  /** One line for the global help. */
  readonly summary: string;
  /** The text of `authwire <name> --help`. */
  readonly help: string;
  readonly options: OptionsConfig;
  /** Whether it takes positional arguments (only `curl`: the arguments after `--`). */
  readonly positionals: boolean;
  /** Runs the command; resolves to the exit code. */
  run(commandLine: ParsedCommandLine, io: Io): Promise<number>;
}
