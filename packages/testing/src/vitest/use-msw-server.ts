import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Starts an msw server for the calling test file: it listens before the tests (unhandled
 * requests are errors), drops per-test handlers and listeners after each, and closes at the end.
 *
 * @returns the server: `server.use(...mock.handlers)` in each test
 * @example
 * ```ts
 * const server = useMswServer();
 * it('logs in', async () => {
 *   const mock = mastersIndiaHandlers();
 *   server.use(...mock.handlers);
 * });
 * ```
 */
export function useMswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    server.events.removeAllListeners();
  });
  afterAll(() => server.close());
  return server;
}
