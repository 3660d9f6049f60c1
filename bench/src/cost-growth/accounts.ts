import { type AuthAdapter, createTokenProvider, type TokenProvider } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import * as v from 'valibot';
import { LOGIN_PATH, type TokenServer } from './token-server.js';

/** How an account of the cost-growth scenarios is built. */
export type AccountKind = 'masters-india' | 'no-secrets';

const TokenSchema = v.object({ token: v.string(), expires_in: v.number() });

/**
 * A provider of its own account on the loopback token server, with the default options (the
 * process-wide memory store), as an application holding many accounts would create it:
 * - `masters-india`: the real adapter with a username and password (its first renewal hashes
 *   the credentials: PBKDF2, invariant 9);
 * - `no-secrets`: a hand-built adapter (`createTokenProvider`) that logs in over the same HTTP
 *   without declared secrets, so that no credential hash is computed: the engine's own cost per
 *   account, at a scale PBKDF2 would not allow in a bench.
 *
 * @param kind - which adapter
 * @param server - the token server
 * @param index - the account's number (its username)
 * @returns the provider
 */
export function accountProvider(kind: AccountKind, server: TokenServer, index: number): TokenProvider {
  const username = `account-${index}`;
  if (kind === 'masters-india') {
    return mastersIndia({ baseUrl: server.origin, username, password: `password-of-${username}` });
  }
  const url = `${server.origin}${LOGIN_PATH}`;
  const adapter: AuthAdapter = {
    name: 'bench-account',
    origins: [server.origin],
    cacheKey: `bench-account|${server.origin}|${username}`,
    async login(ctx) {
      const res = await ctx.request(url, { json: { username } });
      if (res.status !== 200) throw ctx.httpError(res);
      const body = ctx.parse(TokenSchema, res);
      return { value: body.token, scheme: 'JWT', expiresAt: res.sentAt + body.expires_in * 1000 };
    },
  };
  return createTokenProvider(adapter);
}
