/**
 * Where the CLI writes: `process.stdout` / `process.stderr`, or anything with a `write` method.
 *
 * @example
 * ```ts
 * import type { Output } from '@authwire/cli';
 *
 * const chunks: string[] = [];
 * const output: Output = { write: (chunk) => chunks.push(String(chunk)) };
 * ```
 */
export interface Output {
  write(chunk: string | Uint8Array): unknown;
}

/**
 * Options of {@link main}: the streams and environment the CLI uses, injectable for tests and
 * for embedding.
 *
 * @example
 * ```ts
 * import { main } from '@authwire/cli';
 *
 * await main(['token'], { env: { AUTHWIRE_PROVIDER: 'union-service', ...process.env } });
 * ```
 */
export interface MainOptions {
  /**
   * Where results go.
   * @default process.stdout
   */
  stdout?: Output;
  /**
   * Where errors, warnings and logs go.
   * @default process.stderr
   */
  stderr?: Output;
  /**
   * The environment `AUTHWIRE_*` variables are read from.
   * @default process.env
   */
  env?: Record<string, string | undefined>;
  /** Stops a long-running command (`emulator`), as SIGINT/SIGTERM do. */
  signal?: AbortSignal;
}

/** What a command runs with: {@link MainOptions} with the defaults filled in. */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Record<string, string | undefined>;
  readonly signal: AbortSignal | undefined;
}
