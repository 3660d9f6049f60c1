import { execFile } from 'node:child_process';

/** What a finished command printed. */
export interface Printed {
  stdout: string;
  stderr: string;
}

/** Options of {@link exec}. */
export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** @default 120_000 */
  timeoutMs?: number;
}

/**
 * Runs `file` with `args` (no shell) and resolves to what it printed; rejects, when it fails or
 * exits non-zero, with an error whose message is the command and its own output (stderr, then
 * stdout), so that a test failure shows the tool's words.
 *
 * @param file - the executable, by path
 * @param args - its arguments
 * @param options - working directory, environment, timeout
 * @returns its stdout and stderr
 * @example
 * ```ts
 * import { exec } from './exec.js';
 *
 * const { stdout } = await exec('npm', ['--version']);
 * ```
 */
export function exec(file: string, args: readonly string[], options: ExecOptions = {}): Promise<Printed> {
  const { cwd, env = process.env, timeoutMs = 120_000 } = options;
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) return resolve({ stdout, stderr });
      const how = error.killed
        ? `was killed after ${timeoutMs} ms`
        : typeof error.code === 'string'
          ? `could not start (${error.code})`
          : `exited with ${error.code ?? error.signal}`;
      const output = [stderr.trim(), stdout.trim()].filter((text) => text !== '').join('\n');
      reject(new Error(`${[file, ...args.slice(0, 1)].join(' ')} ${how}:\n${output || error.message}`));
    });
  });
}
