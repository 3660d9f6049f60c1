import type { AccessToken } from '@authwire/core';
import type { Command } from '../command.js';
import { configHelp, configOptions } from '../load-config.js';
import { maskSecrets } from '../mask-secrets.js';
import { secretFieldsOf } from '../providers.js';
import { withSession } from '../session.js';

/** What `--live` reports: nothing secret, only lifetimes, the clock and where the token goes. */
interface LiveReport {
  /** Seconds from now until the access token expires; null: never (a static key). */
  tokenLifetimeSeconds: number | null;
  expiresAt: string | null;
  refreshToken: boolean;
  /** Seconds from now until the refresh token expires; null: no refresh token, or its expiry is unknown. */
  refreshLifetimeSeconds: number | null;
  /** The server's clock minus ours, in whole seconds, from the last token answer's `Date`; null: no `Date` seen. */
  clockOffsetSeconds: number | null;
  /** How long the login took, from its `login` event; null: no request was needed. */
  loginMs: number | null;
  /** The header the token goes in, and the origins that will receive it. */
  header: string;
  origins: readonly string[];
}

const NEVER = 8.64e15;

function describeLive(report: LiveReport): string {
  const signed = (value: number) => `${value >= 0 ? '+' : ''}${value}`;
  const refresh = !report.refreshToken
    ? 'none'
    : report.refreshLifetimeSeconds === null
      ? 'present, lifetime unknown'
      : `present, lifetime ${report.refreshLifetimeSeconds} s`;
  const offset =
    report.clockOffsetSeconds === null
      ? 'unknown (no Date header in the token answer)'
      : `${signed(report.clockOffsetSeconds)} s (the server's clock minus this machine's, from the token answer's Date)`;
  return [
    report.loginMs === null ? 'login:          none needed' : `login:          ok, ${report.loginMs} ms`,
    report.tokenLifetimeSeconds === null
      ? 'token lifetime: never expires'
      : `token lifetime: ${report.tokenLifetimeSeconds} s (expires ${report.expiresAt})`,
    `refresh token:  ${refresh}`,
    `clock offset:   ${offset}`,
    `sent to:        ${report.origins.join(', ')} (header ${report.header}), and nowhere else`,
  ].join('\n');
}

/** `authwire check-config`: validates the merged config and prints it, secrets masked; `--live` logs in once. */
export const checkConfigCommand: Command = {
  name: 'check-config',
  summary: 'validate the config and print it, secrets masked; --live logs in once and reports',
  help: `Usage: authwire check-config [--json] [--live] [config options]

Validates the merged config without logging in and prints the provider, the origins its token
may be sent to and the config, with every secret field the provider declares (password, apiKey,
clientSecret, value) as ***. Exits 0 when valid, 1 when invalid (the error names every invalid
field, never a value).
  --json   print {"provider","origins","config"} instead (and "live" with --live)
  --live   also log in once (a fresh login: the token cache is neither read nor written) and
           report the token's lifetime, whether a refresh token came and its lifetime, the
           server's clock offset (from the token answer's Date header) and the origins that
           will receive the token; never a secret. Exits 1 when the login fails.

${configHelp}

Example:
  authwire check-config --config union.json --set apiVersion=1.0 --live`,
  options: { ...configOptions, json: { type: 'boolean' }, live: { type: 'boolean' } },
  positionals: false,
  async run({ values }, io) {
    const live = values.live === true;
    let offsetMs: number | undefined;
    let loginMs: number | null = null;
    // Reads the `Date` of every answer; the last one (the token answer) wins.
    const readDate: typeof fetch = async (input, init) => {
      const sentAt = Date.now();
      const response = await fetch(input, init);
      const date = Date.parse(response.headers.get('date') ?? '');
      // `Date` has whole seconds: compare its middle with the middle of the exchange.
      if (!Number.isNaN(date)) offsetMs = date + 500 - (sentAt + Date.now()) / 2;
      return response;
    };
    return withSession(
      values,
      io,
      async ({ provider, config }) => {
        const masked = maskSecrets(config, secretFieldsOf(config));
        let report: LiveReport | undefined;
        if (live) {
          const token: AccessToken = await provider.getToken();
          const now = Date.now();
          const left = (at: number) => Math.max(0, Math.round((at - now) / 1000));
          report = {
            tokenLifetimeSeconds: token.expiresAt >= NEVER ? null : left(token.expiresAt),
            expiresAt: token.expiresAt >= NEVER ? null : new Date(token.expiresAt).toISOString(),
            refreshToken: token.refreshToken !== undefined,
            refreshLifetimeSeconds:
              token.refreshToken !== undefined && token.refreshExpiresAt !== undefined
                ? left(token.refreshExpiresAt)
                : null,
            clockOffsetSeconds: offsetMs === undefined ? null : Math.round(offsetMs / 1000),
            loginMs,
            header: provider.headerName,
            origins: provider.origins,
          };
        }
        if (values.json === true) {
          const out = { provider: provider.name, origins: provider.origins, config: masked };
          io.stdout.write(`${JSON.stringify(report === undefined ? out : { ...out, live: report })}\n`);
        } else {
          io.stdout.write(
            `config is valid\nprovider: ${provider.name}\norigins:  ${provider.origins.join(', ')}\nconfig:   ${JSON.stringify(masked)}\n${
              report === undefined ? '' : `${describeLive(report)}\n`
            }`,
          );
        }
        return 0;
      },
      live
        ? {
            cache: false,
            fetch: readDate,
            onEvent: (event) => {
              if (event.type === 'login') loginMs = Math.round(event.durationMs);
            },
          }
        : { cache: false },
    );
  },
};
