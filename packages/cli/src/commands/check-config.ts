import type { Command } from '../command.js';
import { configHelp, configOptions, loadConfig } from '../load-config.js';
import { maskSecrets } from '../mask-secrets.js';
import { buildProvider, secretFieldsOf } from '../providers.js';

/** `authwire check-config`: validates the merged config and prints it, secrets masked. */
export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: 'validate the config and print it, password masked',
  help: `Usage: authwire check-config [--json] [config options]

Validates the merged config without logging in and prints the provider, the origins its token
may be sent to and the config, with every secret field the provider declares (the password) as ***.
Exits 0 when valid, 1 when invalid (the error names every invalid field, never a value).
  --json   print {"provider","origins","config"} instead

${configHelp}

Example:
  authwire check-config --config union.json --set apiVersion=1.0`,
  options: { ...configOptions, json: { type: 'boolean' } },
  positionals: false,
  async run({ values }, io) {
    const config = await loadConfig(values, io.env);
    const provider = buildProvider(config);
    const masked = maskSecrets(config, secretFieldsOf(config));
    io.stdout.write(
      values.json === true
        ? `${JSON.stringify({ provider: provider.name, origins: provider.origins, config: masked })}\n`
        : `config is valid\nprovider: ${provider.name}\norigins:  ${provider.origins.join(', ')}\nconfig:   ${JSON.stringify(masked)}\n`,
    );
    return 0;
  },
};
