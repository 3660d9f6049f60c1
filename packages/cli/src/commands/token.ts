import type { Command } from '../command.js';
import { configHelp, configOptions, loadConfig } from '../load-config.js';
import { buildProvider } from '../providers.js';

/** `authwire token`: prints the access token. */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'print the access token',
  help: `Usage: authwire token [--json] [config options]

Prints the provider's access token, one line (logs in when needed).
  --json   print {"provider","scheme","expiresAt","token"} instead

${configHelp}

Example:
  AUTHWIRE_PROVIDER=union-service AUTHWIRE_BASE_URL=https://union-uat.ist-pay.com \\
  AUTHWIRE_USERNAME=api-user AUTHWIRE_PASSWORD=… authwire token`,
  options: { ...configOptions, json: { type: 'boolean' } },
  positionals: false,
  async run({ values }, io) {
    const provider = buildProvider(await loadConfig(values, io.env));
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
  },
};
