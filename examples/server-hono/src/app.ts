/**
 * The Hono app: `GET /countries` answers with the Union API's JSON, fetched with the token
 * attached by `withAuth`.
 *
 * One provider per process: it is built once, here, and every request shares it. So requests
 * reuse one cached token, and any number of concurrent requests on an expired token cost one
 * login. Do not build a provider per request.
 */
import { type AuthEvent, isAuthError, withAuth } from '@authwire/core';
import { unionService } from '@authwire/union-service';
import { Hono } from 'hono';

/** The environment the app reads (`process.env` in production, a plain object in tests). */
export type AppEnv = Record<string, string | undefined>;

function required(env: AppEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`set ${name} (see README.md)`);
  return value;
}

function logEvent(event: AuthEvent): void {
  console.log(`[authwire] ${event.provider}: ${event.type}${event.type === 'renewal-failed' ? ` ${event.code}` : ''}`);
}

/**
 * Builds the app and its one token provider from `env`.
 *
 * @param env - UNION_BASE_URL, UNION_USERNAME, UNION_PASSWORD, UNION_API_URL
 * @returns the Hono app: `app.fetch` for a server, `app.request('/countries')` in a test
 */
export function createApp(env: AppEnv): Hono {
  const baseUrl = env.UNION_BASE_URL ?? 'https://union-uat.ist-pay.com';
  const provider = unionService(
    { baseUrl, username: required(env, 'UNION_USERNAME'), password: required(env, 'UNION_PASSWORD') },
    { onEvent: logEvent },
  );
  const api = withAuth(provider);
  const countriesUrl = env.UNION_API_URL ?? `${baseUrl}/union-service/members/countries?api-version=1.0`;

  const app = new Hono();
  app.get('/countries', async (c) => {
    const upstream = await api(countriesUrl, { signal: c.req.raw.signal });
    if (!upstream.ok) return c.json({ error: `upstream answered HTTP ${upstream.status}` }, 502);
    const data: unknown = await upstream.json();
    return c.json(data as object);
  });
  app.onError((error, c) => {
    if (!isAuthError(error)) {
      console.error(error);
      return c.json({ error: 'internal error' }, 500);
    }
    // Clients get the stable code only; the message (no secrets, but the account's details) stays in the log.
    console.error(`[authwire] ${error.code}: ${error.message}`);
    const status = error.code === 'PROVIDER_UNAVAILABLE' || error.code === 'RATE_LIMITED' ? 503 : 502;
    return c.json({ error: error.code }, status);
  });
  return app;
}
