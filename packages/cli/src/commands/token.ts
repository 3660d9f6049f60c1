import type { Command } from '../command.js';
import { configHelp, configOptions } from '../load-config.js';
import { withSession } from '../session.js';

/** `authwire token`: prints the access token. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'print the access token',
  help: `Usage: authwire token [--json] [config options]

Prints the provider's access token, one line (logs in when needed: a token cached by an earlier
run is reused while it is fresh).
  --json   print {"provider","scheme","expiresAt","token"} instead

${configHelp}

Example:
  AUTHWIRE_PROVIDER=union-service AUTHWIRE_BASE_URL=https://union-uat.ist-pay.com \\
  AUTHWIRE_USERNAME=api-user AUTHWIRE_PASSWORD=… authwire token`,
  options: { ...configOptions, json: { type: 'boolean' } },
  positionals: false,
  run: ({ values }, io) =>
    withSession(values, io, async ({ provider }) => {
      const token = await provider.getToken();
      const output =
        values.json === true
          ? JSON.stringify({
              provider: provider.name,
              scheme: token.scheme,
              expiresAt: new Date(token.expiresAt).toISOString(),
              token: token.value,
            })
          : token.value;
      io.stdout.write(`${output}\n`);
      return 0;
    }),
};
