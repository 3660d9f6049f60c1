import type { Command } from '../command.js';
import { configHelp, configOptions } from '../load-config.js';
import { withSession } from '../session.js';

/** `authwire header`: prints the `Authorization` header value. */
export const headerCommand: Command = {
  name: 'header',
  summary: 'print the Authorization header value (JWT eyJ… / Bearer …)',
  help: `Usage: authwire header [--json] [config options]

Prints the value of the provider's header, e.g. "JWT eyJ…" or "Bearer eyJ…" in Authorization;
a static key or Masters India's apiKey: the key, for the header the provider names (api_key, …).
  --json   print {"provider","header"} instead

${configHelp}

Example:
  curl -H "Authorization: $(authwire header --config mi.json)" https://api-platform.mastersindia.co/…`,
  options: { ...configOptions, json: { type: 'boolean' } },
  positionals: false,
  run: ({ values }, io) =>
    withSession(values, io, async ({ provider }) => {
      const header = await provider.getAuthorizationHeader();
      io.stdout.write(`${values.json === true ? JSON.stringify({ provider: provider.name, header }) : header}\n`);
      return 0;
    }),
};
