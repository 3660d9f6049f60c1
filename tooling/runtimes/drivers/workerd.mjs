// Runs the smoke test in workerd through miniflare: the bundled module worker, without
// nodejs_compat (a Node global in a package is a ReferenceError, as on Cloudflare), is posted the
// setup and answers the outcome. Prints one JSON line; a failure exits non-zero with workerd's
// own error text.
// Usage: node workerd.mjs <project> <setup JSON>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';

const [project, setup] = process.argv.slice(2);
const { version } = createRequire(import.meta.url)('workerd/package.json');
const miniflare = new Miniflare({
  modules: true,
  script: await readFile(join(project, 'dist/worker.js'), 'utf8'),
  // Not after the pinned workerd's release, which refuses a date it does not know yet.
  compatibilityDate: '2026-04-01',
});
try {
  const response = await miniflare.dispatchFetch('http://worker.test/', { method: 'POST', body: setup });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`the worker answered ${response.status}: ${text}`);
  console.log(JSON.stringify({ ...JSON.parse(text), runtime: `workerd ${version}` }));
} finally {
  await miniflare.dispose();
}
