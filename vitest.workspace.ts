import { fileURLToPath } from 'node:url';
import { redisSkipReason } from './packages/redis/test/fixtures/redis-server.js';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));
const tooling = (path: string) => fileURLToPath(new URL(`./tooling/${path}`, import.meta.url));

/** Tests run against the sources; `pnpm build` + publint/attw check the built packages. */
export const alias = [
  { find: /^@authwire\/core\/node$/, replacement: src('core/src/node/index.ts') },
  { find: /^@authwire\/core$/, replacement: src('core/src/index.ts') },
  { find: /^@authwire\/testing\/vitest$/, replacement: src('testing/src/vitest.ts') },
  { find: /^@authwire\/testing$/, replacement: src('testing/src/index.ts') },
  { find: /^@authwire\/masters-india$/, replacement: src('masters-india/src/index.ts') },
  { find: /^@authwire\/union-service$/, replacement: src('union-service/src/index.ts') },
  { find: /^@authwire\/redis$/, replacement: src('redis/src/index.ts') },
  { find: /^@authwire\/cli$/, replacement: src('cli/src/index.ts') },
  { find: /^@authwire\/axios$/, replacement: src('axios/src/index.ts') },
  { find: /^@authwire\/oauth2$/, replacement: src('oauth2/src/index.ts') },
  { find: /^@authwire\/opentelemetry$/, replacement: src('opentelemetry/src/index.ts') },
  // Private workspace packages (never published, no build): always their sources.
  { find: /^@authwire-tooling\/reliability$/, replacement: tooling('reliability/src/index.ts') },
];

const setup = fileURLToPath(new URL('./vitest.setup.ts', import.meta.url));

const project = (name: string, include: string[], exclude: string[] = []) => ({
  resolve: { alias },
  test: { name, include, exclude, environment: 'node' as const, testTimeout: 20_000, setupFiles: [setup] },
});

// On a machine without redis-server (and only outside CI), the tests that need one are left out,
// saying so; everything else runs. CI always runs them.
const redisSkip = redisSkipReason();
if (redisSkip !== undefined) console.warn(`\n[authwire] ${redisSkip}\n`);
const needsRedis =
  redisSkip === undefined ? [] : ['packages/redis/test/{conformance,redis-store,multi-process}.test.ts'];

/** The list of test projects, imported by the root vitest.config.ts as `test.projects`. */
export default [
  project('core', ['packages/core/test/**/*.test.ts']),
  project('testing', ['packages/testing/test/**/*.test.ts']),
  project('masters-india', ['packages/masters-india/test/**/*.test.ts']),
  project('union-service', ['packages/union-service/test/**/*.test.ts']),
  project('redis', ['packages/redis/test/**/*.test.ts'], needsRedis),
  project('cli', ['packages/cli/test/**/*.test.ts']),
  project('axios', ['packages/axios/test/**/*.test.ts']),
  project('oauth2', ['packages/oauth2/test/**/*.test.ts']),
  project('opentelemetry', ['packages/opentelemetry/test/**/*.test.ts']),
  project('tooling', ['tooling/*/test/**/*.test.ts']),
  project('examples', ['examples/test/**/*.test.ts', 'examples/*/test/**/*.test.ts']),
  project('bench', ['bench/test/**/*.test.ts']),
];
