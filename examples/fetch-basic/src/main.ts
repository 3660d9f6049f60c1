/**
 * fetch-basic: two authorized calls through `withAuth(provider)`.
 *
 * The first call logs in to Masters India; the second uses the cached token. `onEvent` shows
 * every upstream token call as it happens. A rejected login exits 1 with one line.
 */
import { type AuthEvent, isAuthError, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (see README.md)`);
  return value;
}

let logins = 0;
function logEvent(event: AuthEvent): void {
  if (event.type === 'login') logins += 1;
  const code = event.type === 'renewal-failed' ? ` ${event.code}` : '';
  const took = 'durationMs' in event ? ` in ${Math.round(event.durationMs)} ms` : '';
  console.log(`[authwire] ${event.provider}: ${event.type}${code}${took}`);
}

async function main(): Promise<void> {
  const provider = mastersIndia(
    {
      baseUrl: process.env.MI_BASE_URL ?? 'https://api-platform.mastersindia.co',
      username: required('MI_USERNAME'),
      password: required('MI_PASSWORD'),
    },
    { onEvent: logEvent },
  );
  // A fetch that adds `Authorization: JWT …` to requests for the provider's origin, and only those.
  const api = withAuth(provider);
  const url = required('MI_API_URL');

  for (const call of [1, 2]) {
    const before = logins;
    const response = await api(url);
    const body = await response.text();
    const how = logins > before ? 'logged in first' : 'token from cache';
    console.log(`call ${call}: HTTP ${response.status} (${how}) ${body.slice(0, 200)}`);
  }
  console.log(`done: 2 calls, ${logins} login${logins === 1 ? '' : 's'}`);
}

main().catch((error: unknown) => {
  const message = isAuthError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  console.error(`fetch-basic failed: ${message}`);
  process.exitCode = 1;
});
