import type { Command } from '../command.js';
import { configHelp, configOptions, loadConfig } from '../load-config.js';
import { buildProvider } from '../providers.js';

/** `authwire header`: prints the `Authorization` header value. */
export const headerCommand: Command = {
  name: 'header',
  summary: 'print the Authorization header value (JWT eyJ… / Bearer …)',
  help: `Usage: authwire header [--json] [config options]

Prints the value of the Authorization header, e.g. "JWT eyJ…" or "Bearer eyJ…".
  --json   print {"provider","header"} instead

${configHelp}

Example:
  curl -H "Authorization: $(authwire header --config mi.json)" https://api-platform.mastersindia.co/…`,
  options: { ...configOptions, json: { type: 'boolean' } },
  positionals: false,
  async run({ values }, io) {
    const provider = buildProvider(await loadConfig(values, io.env));
    const header = await provider.getAuthorizationHeader();
    io.stdout.write(`${values.json === true ? JSON.stringify({ provider: provider.name, header }) : header}\n`);
    return 0;
  },
};
