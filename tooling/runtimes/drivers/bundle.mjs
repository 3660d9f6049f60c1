// Bundles the smoke test of a scratch project with esbuild, as a user's build would, once per
// project: `dist/worker.js` (an ES module worker, for workerd) and `dist/global.js` (an IIFE that
// leaves `authwireSmoke` on globalThis, for the edge-runtime VM and the browser page). Browser
// conditions, nothing of Node: a Node global left in a package fails in the runtime, not here.
// Usage: node bundle.mjs <project>
import { build } from 'esbuild';

const [project] = process.argv.slice(2);
const shared = { absWorkingDir: project, bundle: true, conditions: ['worker', 'browser'], logLevel: 'warning' };
await Promise.all([
  build({
    ...shared,
    entryPoints: ['worker.mjs'],
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', ...shared.conditions],
    mainFields: ['module', 'main'],
    outfile: 'dist/worker.js',
  }),
  build({ ...shared, entryPoints: ['global.mjs'], format: 'iife', platform: 'browser', outfile: 'dist/global.js' }),
]);
