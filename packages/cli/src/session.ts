import { AuthError, type AuthEvent, isAuthError, type TokenProvider } from '@authwire/core';
import type { Io } from './io.js';
import { loadConfig } from './load-config.js';
import type { ParsedCommandLine } from './parse-command-line.js';
import { buildProvider, secretValuesOf } from './providers.js';
import { openStore } from './token-store.js';

/** What a command that logs in works with. */
export interface Session {
  readonly provider: TokenProvider;
  readonly config: Record<string, unknown>;
  /** Writes one `--verbose` line to stderr (redacted); nothing without `--verbose`. */
  explain(line: string): void;
  /** Explains an event as `onEvent` would have received it. */
  event(event: AuthEvent): void;
}

/** Options of {@link withSession}. */
export interface SessionOptions {
  /** Use the token store of the command line (default); false: none (a real login). */
  cache?: boolean;
  /** The `fetch` the provider uses (check-config --live reads the answers' `Date`). */
  fetch?: typeof fetch;
  /** Also called with every event. */
  onEvent?: (event: AuthEvent) => void;
}

const at = (epochMs: number) => (epochMs >= 8.64e15 ? 'never' : new Date(epochMs).toISOString());

/** One line per event: what `--verbose` shows of renewals, failures, the store and withheld tokens. */
function describeEvent(event: AuthEvent): string {
  switch (event.type) {
    case 'login':
    case 'refresh':
      return `${event.type} (${event.provider}) took ${Math.round(event.durationMs)} ms; the token expires at ${at(event.expiresAt)}${
        event.type === 'login' && event.fallbackFrom !== undefined
          ? ` (after a refresh failed: ${event.fallbackFrom})`
          : ''
      }`;
    case 'renewal-failed':
      return `renewal failed (${event.provider}) after ${Math.round(event.durationMs)} ms: ${event.code}${
        event.status === undefined ? '' : ` (HTTP ${event.status})`
      }: ${event.message}${event.serving ? '; still serving the current token' : ''}`;
    case 'store-error':
      return `token store ${event.operation} failed (${event.provider}): ${event.message}; going on without it`;
    case 'clock-skew':
      return `clock skew (${event.provider}): the token claimed to expire at ${at(event.claimedExpiresAt)}; using ${at(event.expiresAt)}`;
    case 'token-withheld':
      return `token withheld from ${event.origin} (${event.provider}): not one of the provider's origins`;
  }
}

/** The redacted `cause` chain of an error, one line per link, the error itself first. */
function causeChain(error: unknown): string[] {
  const lines: string[] = [];
  const seen = new Set<unknown>();
  for (let link: unknown = error; link !== undefined && link !== null && !seen.has(link); ) {
    seen.add(link);
    const label = isAuthError(link)
      ? `AuthError ${link.code}${link.status === undefined ? '' : ` (HTTP ${link.status})`}`
      : link instanceof Error
        ? link.name
        : typeof link;
    const code = (link as { code?: unknown }).code;
    const message = link instanceof Error ? link.message : String(link);
    lines.push(
      `${lines.length === 0 ? 'error' : 'caused by'}: ${label}${!isAuthError(link) && typeof code === 'string' ? ` [${code}]` : ''}: ${message}`,
    );
    link = link instanceof Error ? link.cause : undefined;
  }
  return lines;
}

/**
 * Runs `run` with the provider a command line configures: the config merged from every source,
 * the token store (unless `--no-cache`), `--verbose` explanations (events, the store, the cause
 * chain of an error, with every secret of the config redacted), and the store closed afterwards.
 * A `CONFIG_INVALID` is extended with the hints about mistyped `AUTHWIRE_*` variables.
 *
 * @param values - the parsed config options
 * @param io - the streams and environment
 * @param run - the command's work
 * @param options - whether to use the store, and a `fetch`
 * @returns what `run` returns
 */
export async function withSession<T>(
  values: ParsedCommandLine['values'],
  io: Io,
  run: (session: Session) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const verbose = values.verbose === true;
  let secrets: string[] = [];
  const redact = (text: string) =>
    secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text.replace(/\s*[\r\n]+\s*/g, ' '));
  const explain = (line: string) => {
    if (verbose) io.stderr.write(`authwire: ${redact(line)}\n`);
  };
  let close = async () => {};
  try {
    const { config, hints } = await loadConfig(values, io.env, io.stderr);
    secrets = secretValuesOf(config).sort((a, b) => b.length - a.length);
    const opened =
      options.cache === false || config.provider === 'static-key'
        ? {
            store: undefined,
            description: options.cache === false ? 'none (a fresh login)' : 'none (a static key)',
            close,
          }
        : await openStore(values, io.env);
    close = () => opened.close();
    let provider: TokenProvider;
    try {
      provider = buildProvider(config, {
        ...(opened.store === undefined ? {} : { store: opened.store }),
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        onEvent: (event) => {
          options.onEvent?.(event);
          explain(describeEvent(event));
        },
      });
    } catch (error) {
      if (isAuthError(error) && error.code === 'CONFIG_INVALID' && hints.length > 0) {
        throw new AuthError('CONFIG_INVALID', `${error.message}; ${hints.join('; ')}`, { cause: error });
      }
      throw error;
    }
    explain(`provider ${provider.name}, origins ${provider.origins.join(', ')}; token store: ${opened.description}`);
    return await run({ provider, config, explain, event: (event) => explain(describeEvent(event)) });
  } catch (error) {
    for (const line of causeChain(error)) explain(line);
    throw error;
  } finally {
    await close();
  }
}
