import createClient, { type Client } from 'openapi-fetch';
import type { BenchEnv } from './types.js';

/** The loopback API server's two GET paths, as openapi-typescript would describe them. */
interface Get {
  get: {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    requestBody?: never;
    responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': { ok: boolean } } } };
  };
}
/** The API server's paths for openapi-fetch. */
export interface ApiPaths {
  '/data': Get;
  '/protected': Get;
}

/** An openapi-fetch client of the loopback API server (the global fetch, as by default). */
export function openapiClient(env: BenchEnv): Client<ApiPaths> {
  return createClient<ApiPaths>({ baseUrl: env.api.origin });
}

/**
 * GET `url`'s path through openapi-fetch (which reads the JSON body) and resolve with the status.
 *
 * @param headers - headers of this call (a pre-built `Authorization`), if any
 */
export async function openapiGet(
  client: Client<ApiPaths>,
  url: string,
  headers?: Record<string, string>,
): Promise<number> {
  const path = new URL(url).pathname as keyof ApiPaths;
  const { response } = await client.GET(path, headers === undefined ? {} : { headers });
  return response.status;
}
