import { baseUrlSchema, defineProvider, readJwtExpiry } from '@authwire/core';
import * as v from 'valibot';

/** What `acme(config)` takes: plain data, as a JSON file or the environment holds it. */
export const AcmeConfigSchema = v.strictObject({
  baseUrl: baseUrlSchema(),
  clientId: v.pipe(v.string(), v.nonEmpty()),
  clientSecret: v.pipe(v.string(), v.nonEmpty()),
});

/** The config of {@link acme}. */
export type AcmeConfig = v.InferInput<typeof AcmeConfigSchema>;

/** Acme's token answer: `{ "access_token", "expires_in"?, "refresh_token"? }`. */
const TokenAnswer = v.object({
  access_token: v.pipe(v.string(), v.regex(/^[\x21-\x7e]+$/)),
  expires_in: v.optional(v.number()),
  refresh_token: v.optional(v.string()),
});

/**
 * Tokens for the (fictional) Acme API: `POST /auth/login` with the client's id and secret,
 * `POST /auth/refresh` with the refresh token, `Authorization: Bearer <token>`.
 *
 * @example
 * ```ts
 * const provider = acme({ baseUrl: 'https://api.acme.test', clientId: 'shop-42', clientSecret: 's3cret' });
 * ```
 */
export const acme = defineProvider({
  name: 'acme',
  configSchema: AcmeConfigSchema,
  secretFields: ['clientSecret'],
  createAdapter: ({ baseUrl, clientId, clientSecret }) => ({
    baseUrl,
    account: clientId,
    async login(ctx) {
      const res = await ctx.request(`${baseUrl}/auth/login`, { json: { clientId, clientSecret } });
      if (res.status !== 200) throw ctx.httpError(res);
      return toToken(ctx.parse(TokenAnswer, res), res.sentAt, res.clockOffsetMs);
    },
    async refresh(token, ctx) {
      const res = await ctx.request(`${baseUrl}/auth/refresh`, { json: { refreshToken: token.refreshToken } });
      if (res.status !== 200) throw ctx.httpError(res);
      return toToken(ctx.parse(TokenAnswer, res), res.sentAt, res.clockOffsetMs);
    },
  }),
});

/** Expiry from `expires_in`, else from the JWT's `exp` (on the server's clock), else one hour. */
function toToken(answer: v.InferOutput<typeof TokenAnswer>, sentAt: number, clockOffsetMs: number) {
  const exp = readJwtExpiry(answer.access_token);
  const expiresAt =
    answer.expires_in !== undefined
      ? sentAt + answer.expires_in * 1000
      : exp !== undefined
        ? exp - clockOffsetMs
        : sentAt + 3_600_000;
  return {
    value: answer.access_token,
    scheme: 'Bearer',
    expiresAt,
    ...(answer.refresh_token !== undefined && { refreshToken: answer.refresh_token }),
  };
}
