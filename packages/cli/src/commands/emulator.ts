import type { Emulator, EmulatorLogEntry } from '@authwire/testing';
import type { Command } from '../command.js';
import type { Io, Output } from '../io.js';
import { UsageError } from '../usage-error.js';

/** What `authwire emulator` needs beyond the CLI's own dependencies: optional peers of the package. */
const MISSING = 'authwire emulator needs @authwire/testing and msw: npm i -D @authwire/testing msw';

const DEMO_NOTE = "the credentials are the emulator's demo credentials, not real secrets";

function integer(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`option ${option} must be a whole number from ${min} to ${max}`);
  }
  return number;
}

/** Prints one request of the log: `method path status duration`. */
const echo = (output: Output) => (entry: EmulatorLogEntry) => {
  output.write(`${entry.method} ${entry.path} ${entry.status} ${Math.round(entry.durationMs)}ms\n`);
};

/**
 * Loads `startEmulator` from `@authwire/testing` (which brings msw): optional peers, installed
 * only where the emulator is used. When either cannot be found, says what to install.
 */
async function loadEmulator(): Promise<typeof import('@authwire/testing').startEmulator> {
  try {
    return (await import('@authwire/testing')).startEmulator;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const missing = code === 'ERR_MODULE_NOT_FOUND' && /['"](?:@authwire\/testing|msw)['"/]/.test(String(message));
    if (missing) throw new Error(MISSING, { cause: error });
    throw error;
  }
}

/** Resolves on SIGINT, SIGTERM or `io.signal`. */
function stopRequested(io: Io): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop);
  });
}

/** A ready-to-use config and a protected URL per provider (Masters India twice: JWT login and api key). */
/**
 * The emulator's Masters India mock with its api key: `Emulator['mastersIndia']` is typed as a
 * plain `ProviderMock` although `startEmulator` returns the whole mock.
 */

function describeProviders(emulator: Emulator) {
  const entry = (provider: string, config: object, protectedUrl: string) => ({
    config: { provider, ...config },
    protectedUrl,
  });
  const { unionService, oauth2 } = emulator;
  const mastersIndia = emulator.mastersIndia;
  return {
    'masters-india': entry('masters-india', mastersIndia.config(), mastersIndia.protectedUrl),
    // The JWT sample endpoint takes no key: a real e-invoice path does.
    'masters-india-api-key': entry('masters-india', mastersIndia.keyConfig(), mastersIndia.api.getEinvoice),
    'union-service': entry('union-service', unionService.config(), unionService.protectedUrl),
    oauth2: entry('oauth2', oauth2.config(), oauth2.protectedUrl),
  };
}

/** `authwire emulator`: runs both providers' emulator on a loopback port until stopped. */
export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run a local emulator of every provider (token endpoints + protected sample endpoints)',
  help: `Usage: authwire emulator [--port <n>] [--access-lifetime <seconds>] [--json]

Runs an HTTP server on 127.0.0.1 that logs in, refreshes and serves a protected sample endpoint
like Masters India (JWT login and api key), union-service and an OAuth2 realm (Keycloak-like, at
/realms/authwire) do, prints a ready-to-use config for each provider (with
the emulator's demo credentials, which are not real secrets) and logs every request until
Ctrl-C (SIGINT) or SIGTERM. Needs @authwire/testing and msw installed beside the CLI.
  --port <n>                   the port, 0 for any free one (default 4010)
  --access-lifetime <seconds>  lifetime of the access tokens it issues
  --json                       print one JSON object {"url","note","providers","oauth2Realm",
                               "mastersIndiaApiKey"} (request log on stderr)

Example:
  authwire emulator --port 4010 --access-lifetime 60`,
  options: { port: { type: 'string' }, 'access-lifetime': { type: 'string' }, json: { type: 'boolean' } },
  positionals: false,
  async run({ values }, io) {
    const port = integer(values.port as string | undefined, '--port', 0, 65535) ?? 4010;
    const lifetime = integer(values['access-lifetime'] as string | undefined, '--access-lifetime', 1, 31_536_000);
    // Loaded here only: the other commands need neither msw nor the test servers.
    const startEmulator = await loadEmulator();
    // Whoever reads the JSON on stdout gets nothing else there: the request log goes to stderr.
    const log = values.json === true ? io.stderr : io.stdout;
    let emulator: Emulator;
    try {
      emulator = await startEmulator({
        port,
        host: '127.0.0.1',
        onRequest: echo(log),
        ...(lifetime === undefined ? {} : { accessLifetimeMs: lifetime * 1000 }),
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new Error(`cannot start the emulator on 127.0.0.1:${port}${typeof code === 'string' ? ` (${code})` : ''}`);
    }
    // Listening for the signals before printing: whoever reads the output may stop us at once.
    const stopped = stopRequested(io);
    const providers = describeProviders(emulator);
    if (values.json === true) {
      io.stdout.write(
        `${JSON.stringify({
          url: emulator.url,
          note: DEMO_NOTE,
          providers,
          oauth2Realm: { issuer: emulator.oauth2.issuer, tokenUrl: emulator.oauth2.tokenUrl },
          mastersIndiaApiKey: emulator.mastersIndia.apiKey,
        })}\n`,
      );
    } else {
      const lines = [`authwire emulator listening on ${emulator.url}`, `Configs below: ${DEMO_NOTE}.`, ''];
      for (const [name, { config, protectedUrl }] of Object.entries(providers)) {
        lines.push(name, `  config:    ${JSON.stringify(config)}`, `  protected: ${protectedUrl}`, '');
      }
      lines.push(
        `oauth2 realm: ${emulator.oauth2.issuer} (token endpoint ${emulator.oauth2.tokenUrl})`,
        `masters-india api key: ${emulator.mastersIndia.apiKey}`,
        '',
      );
      lines.push(
        'Save a config as a file, then: authwire curl --config <file> -- -s <protected URL>',
        'Requests (method path status), Ctrl-C to stop:',
      );
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    await stopped;
    await emulator.close();
    log.write('emulator stopped\n');
    return 0;
  },
};
