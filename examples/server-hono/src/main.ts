/**
 * server-hono: serves the app of `app.ts` with @hono/node-server until SIGINT / SIGTERM.
 */

import { isAuthError } from '@authwire/core';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';

function main(): void {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PORT must be a port number');
  const app = createApp(process.env);
  const server = serve({ fetch: app.fetch, port }, (info) => {
    console.log(`server-hono listening on http://localhost:${info.port} (try GET /countries)`);
  });
  const stop = () => server.close(() => console.log('server-hono stopped'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

try {
  main();
} catch (error: unknown) {
  const message = isAuthError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  console.error(`server-hono failed: ${message}`);
  process.exitCode = 1;
}
