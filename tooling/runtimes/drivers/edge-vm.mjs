// Runs the smoke test in Vercel's edge runtime (@edge-runtime/vm): the bundled script is evaluated
// in an EdgeVM context (Web APIs only: no process, no require), then `authwireSmoke(setup)`.
// Prints one JSON line; a failure exits non-zero with the VM's own error text.
// Usage: node edge-vm.mjs <project> <setup JSON>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EdgeVM } from '@edge-runtime/vm';

const [project, setup] = process.argv.slice(2);
const { version } = createRequire(import.meta.url)('@edge-runtime/vm/package.json');
const vm = new EdgeVM();
vm.evaluate(await readFile(join(project, 'dist/global.js'), 'utf8'));
const outcome = JSON.parse(await vm.evaluate(`authwireSmoke(${setup}).then(JSON.stringify)`));
console.log(JSON.stringify({ ...outcome, runtime: `@edge-runtime/vm ${version}` }));
// The VM's own fetch keeps its idle keep-alive connections referenced for about 30 s: leave now.
process.exit(0);
