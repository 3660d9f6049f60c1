import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Command } from '../command.js';
import { curlOrigin, inspectCurlArgs } from '../inspect-curl-args.js';
import type { Io } from '../io.js';
import { configHelp, configOptions } from '../load-config.js';
import { withSession } from '../session.js';
import { UsageError } from '../usage-error.js';

/** Why the header must not be added, or undefined when it may. */
function refusal(info: ReturnType<typeof inspectCurlArgs>, origins: readonly string[]): string | undefined {
  if (info.usesConfigFile) return 'curl reads a -K/--config file whose URLs authwire cannot check';
  if (info.urls.length === 0) return 'no URL found in the curl arguments';
  for (const url of info.urls) {
    const origin = curlOrigin(url);
    if (origin === undefined) return 'a URL in the curl arguments does not parse';
    if (!origins.includes(origin)) return `${origin} is not one of the provider's origins (${origins.join(', ')})`;
  }
  return undefined;
}

function runCurl(args: readonly string[], header: string | undefined, io: Io): Promise<number> {
  // `header` is the whole line, `<name>: <value>`.
  return new Promise((resolve) => {
    // The process's own streams are handed to curl as they are: it sees the terminal (progress
    // meter, binary output) exactly as when run by hand.
    const child = spawn('curl', args, {
      stdio: [
        header === undefined ? 'inherit' : 'pipe',
        io.stdout === process.stdout ? 'inherit' : 'pipe',
        io.stderr === process.stderr ? 'inherit' : 'pipe',
      ],
    });
    child.stdout?.on('data', (chunk: Buffer) => io.stdout.write(chunk));
    child.stderr?.on('data', (chunk: Buffer) => io.stderr.write(chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      io.stderr.write(
        error.code === 'ENOENT'
          ? 'authwire: curl not found: install curl (7.55 or newer) or put it on PATH\n'
          : `authwire: cannot run curl (${error.code ?? error.message})\n`,
      );
      resolve(error.code === 'ENOENT' ? 127 : 1);
    });
    child.once('close', (code, signal) => {
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
    if (header !== undefined && child.stdin !== null) {
      child.stdin.on('error', () => {}); // curl may exit before reading its stdin
      // `-H @-`: the header travels through curl's stdin, never its argv (`ps` shows argv).
      child.stdin.end(`${header}\n`);
    }
  });
}

/** `authwire curl -- <curl args>`: runs curl with the provider's `Authorization` header. */
export const curlCommand: Command = {
  name: 'curl',
  summary: 'run curl with the Authorization header: authwire curl -- <curl args>',
  help: `Usage: authwire curl [config options] -- <curl args>

Runs the system curl with your arguments plus the provider's header (Authorization, or the one a
static key or Masters India's apiKey names), and exits with curl's exit code (127 when curl is
not installed). The header goes to curl through its stdin (-H @-),
never on its command line, and only when every URL's origin is one of the provider's origins;
otherwise curl runs without it and a warning is printed. So curl's stdin is taken: give a
request body from a file (-d @body.json), not from stdin (@-). Needs curl 7.55 or newer.

${configHelp}

Example:
  authwire curl --config union.json -- -s https://union-uat.ist-pay.com/union-service/api/…`,
  options: configOptions,
  positionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('curl needs arguments: authwire curl -- <curl args>');
    return withSession(values, io, async ({ provider, explain, event }) => {
      const info = inspectCurlArgs(positionals);
      const name = provider.headerName;
      if (info.headerNames.includes(name)) {
        explain(`curl sets ${name} itself: authwire adds nothing`);
        return runCurl(positionals, undefined, io);
      }
      const reason = refusal(info, provider.origins);
      if (reason !== undefined) {
        for (const origin of new Set(info.urls.map(curlOrigin))) {
          if (origin !== undefined && !provider.origins.includes(origin)) {
            event({ type: 'token-withheld', provider: provider.name, origin });
          }
        }
        io.stderr.write(`authwire: warning: ${reason}: running curl without the ${name} header\n`);
        return runCurl(positionals, undefined, io);
      }
      if (info.readsStdin) {
        throw new UsageError(`curl's stdin carries the ${name} header: read the body from a file, not @- or -`);
      }
      const value = await provider.getAuthorizationHeader();
      for (const origin of new Set(info.urls.map(curlOrigin))) {
        explain(`${name} header sent to ${origin}: one of the provider's origins`);
      }
      return runCurl(
        ['-H', '@-', ...positionals],
        `${name === 'authorization' ? 'Authorization' : name}: ${value}`,
        io,
      );
    });
  },
};
