/**
 * ky-client: a ky instance whose requests carry the union-service token, via `authHooks`.
 *
 * `authHooks(provider)` adds `Authorization: Bearer …` to requests for the provider's origin and
 * replays a request once, with a new token, when the API answers 401.
 */
import { authHooks, isAuthError } from '@authwire/core';
import { unionService } from '@authwire/union-service';
import ky, { isHTTPError } from 'ky';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (see README.md)`);
  return value;
}

async function main(): Promise<void> {
  const baseUrl = process.env.UNION_BASE_URL ?? 'https://union-uat.ist-pay.com';
  const pathPrefix = process.env.UNION_PATH_PREFIX ?? '/union-service';
  const provider = unionService(
    { baseUrl, pathPrefix, username: required('UNION_USERNAME'), password: required('UNION_PASSWORD') },
    { onEvent: (event) => console.error(`[authwire] ${event.provider}: ${event.type}`) },
  );
  const client = ky.create({
    prefixUrl: `${baseUrl}${pathPrefix}`,
    // authHooks also tells ky not to retry a token failure: a wrong password costs one login.
    hooks: authHooks(provider),
  });

  const path = process.env.UNION_API_PATH ?? 'members/countries?api-version=1.0';
  const data: unknown = await client.get(path).json();
  console.log(JSON.stringify(data, null, 2));
}

main().catch((error: unknown) => {
  const message = isAuthError(error)
    ? `${error.code}: ${error.message}`
    : isHTTPError(error)
      ? `HTTP ${error.response.status} from ${error.request.url}`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`ky-client failed: ${message}`);
  process.exitCode = 1;
});
