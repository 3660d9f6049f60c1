import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { buildBench } from '../src/build/build-bench.js';

// Issue #17: the bench measures the built packages (packages/*/dist through node_modules), run
// by plain node, never the TypeScript sources through tsx's `paths` (`pnpm test` builds first).

const run = promisify(execFile);
const BENCH = fileURLToPath(new URL('../', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Inside bench/ (ignored by git), so that Node resolves @authwire/* through bench/node_modules. */
const OUT = `${BENCH}dist/test`;
const FIXTURE = `${BENCH}test/fixtures/print-resolved-core.ts`;

describe('the bench runs on the built packages', () => {
  it('bundles its own code only: every @authwire/* import stays a bare, external specifier', async () => {
    const files = await buildBench(OUT);
    expect(files.map((file) => file.replace(/.*\//, '')).sort()).toEqual([
      'api-server-process.js',
      'cost-growth-child.js',
      'fleet-member.js',
      'main.js',
    ]);
    const main = await readFile(`${OUT}/main.js`, 'utf8');
    expect(main).toMatch(/from "@authwire\/core"/);
    // Nothing of core's sources was inlined (the root tsconfig's `paths` would have done that).
    expect(main).not.toMatch(/function createTokenProvider\(/);
    expect(main).not.toMatch(/packages\/core\/src/);
  });

  it('resolves @authwire/core to packages/core/dist when bundled and run by node', async () => {
    await build({
      entryPoints: [FIXTURE],
      outfile: `${OUT}/print-resolved-core.js`,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      tsconfigRaw: {},
      logLevel: 'silent',
    });
    const { stdout } = await run(process.execPath, [`${OUT}/print-resolved-core.js`]);
    expect(stdout.trim()).toBe(`${ROOT}packages/core/dist/index.js`);
  });

  it('refuses to run on the sources (tsx with the root tsconfig, whose paths map @authwire/* to src)', async () => {
    const tsx = `${ROOT}node_modules/.bin/tsx`;
    const outcome = await run(tsx, ['--tsconfig', `${ROOT}tsconfig.json`, FIXTURE], { cwd: BENCH }).then(
      () => 'ran',
      (error: { stderr: string }) => error.stderr,
    );
    expect(outcome).toMatch(
      /@authwire\/core resolves to .*packages\/core\/src\/index\.ts, not to the built packages\/core\/dist/,
    );
  });
});
