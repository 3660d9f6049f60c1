// The composition conformance suite with ky 2, run by packages/core/test/ky2.test.ts under this
// folder's Node 22 (never by the root vitest: ky 2 needs Node ≥ 22). Core and the adapters are
// their sources, as in every other project.
//
// AUTHWIRE_KY2_SCOPE says who gets ky 2:
// - `app` (default): only the application's client; core's own token requests keep core's ky 1
//   dependency — what an app on ky 2 gets when its package manager installs core's ky 1 beside it.
// - `all`: core's token requests too — what it gets when one ky 2 satisfies both (ky is also
//   core's optional peer, `^1.14 || ^2`).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { alias } from '../../vitest.workspace.js';

const KY_2 = fileURLToPath(new URL('./node_modules/ky/distribution/index.js', import.meta.url));
const SUITE = fileURLToPath(new URL('./conformance/', import.meta.url));
const scope = process.env.AUTHWIRE_KY2_SCOPE ?? 'app';
if (scope !== 'app' && scope !== 'all') throw new Error(`AUTHWIRE_KY2_SCOPE must be app or all, not ${scope}`);

/** Resolves `ky` to ky 2 for the suite's own files (scope `app`) or for every importer (`all`). */
const ky2: Plugin = {
  name: 'authwire-ky2',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source !== 'ky') return null;
    return scope === 'all' || importer?.startsWith(SUITE) ? KY_2 : null;
  },
};

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  plugins: [ky2],
  resolve: { alias },
  test: {
    include: [
      'tooling/ky2/conformance/composition.test.ts',
      ...(scope === 'all' ? ['tooling/ky2/conformance/adapters.test.ts'] : []),
    ],
    environment: 'node',
    testTimeout: 20_000,
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
