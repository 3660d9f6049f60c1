import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

type Server = ReturnType<typeof setupServer>;

/**
 * `listen` options that make a request no handler matches an error (it fails, and never reaches
 * the network), in either msw major: msw 2 reads `onUnhandledRequest`, msw 3 replaced it with
 * `onUnhandledFrame`, and each ignores the other's. Not an object literal at the call, so that
 * the option of the other major type-checks against this one's `listen`.
 */
const UNHANDLED_IS_ERROR = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const;

// msw intercepts through one global patch per process: a second server closing would stop the
// first one's interception. So a test file has one server, shared by every caller (the suites of
// this package too), listening while any scope that asked for it runs.
let shared: { server: Server; scopes: number } | undefined;

/**
 * The msw server of the calling test file: it listens before the tests of the calling scope
 * (unhandled requests are errors, with msw 2 and msw 3 alike), drops per-test handlers and
 * listeners after each, and closes once the last scope that asked for it is done. Every call in
 * a file — yours, and those of `describeAdapterConformance` — gets the same server, so they never
 * stop each other.
 *
 * @returns the server: `server.use(...mock.handlers)` in each test
 * @example
 * ```ts
 * import { mastersIndiaHandlers } from '@authwire/testing';
 * import { useMswServer } from '@authwire/testing/vitest';
 * import { it } from 'vitest';
 *
 * const server = useMswServer();
 * it('logs in', async () => {
 *   const mock = mastersIndiaHandlers();
 *   server.use(...mock.handlers);
 * });
 * ```
 */
export function useMswServer(): Server {
  shared ??= { server: setupServer(), scopes: 0 };
  const state = shared;
  beforeAll(() => {
    if (state.scopes++ === 0) state.server.listen(UNHANDLED_IS_ERROR);
  });
  afterEach(() => {
    state.server.resetHandlers();
    state.server.events.removeAllListeners();
  });
  afterAll(() => {
    if (--state.scopes === 0) state.server.close();
  });
  return state.server;
}
