import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimesPath, toolPath } from './paths.js';

/** The runtimes of the matrix, by the id `AUTHWIRE_RUNTIME` selects them with. */
export type RuntimeId = 'node20' | 'node22' | 'node24' | 'bun' | 'deno' | 'workerd' | 'edge-vm' | 'chromium';

/** How one runtime runs the smoke test of a scratch project. */
export interface Runtime {
  readonly id: RuntimeId;
  /** What the runtime must call itself in the outcome: the pinned version ran, not another. */
  readonly expected: string | RegExp;
  /** Whether it runs the esbuild bundles (`dist/`) rather than the project's files. */
  readonly bundled: boolean;
  /** The files it needs: a missing one skips it outside CI, and fails it in CI. */
  readonly needs: readonly string[];
  /** The command: run with the project as its working directory. */
  command(project: string, setup: string): { file: string; args: string[]; env?: Record<string, string> };
}

const pins = (
  JSON.parse(readFileSync(runtimesPath('package.json'), 'utf8')) as { dependencies: Record<string, string> }
).dependencies;
/** The exact version tooling/runtimes/package.json pins for `dependency` (`npm:node@22.23.3` → `22.23.3`). */
export const pinned = (dependency: string): string => {
  const spec = pins[dependency];
  const version = spec?.slice(spec.lastIndexOf('@') + 1);
  if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`tooling/runtimes/package.json must pin ${dependency} to an exact version, not ${spec}`);
  }
  return version;
};

/** How to install what the matrix needs, as .ci/run does. */
export const INSTALL = 'install with npm ci --prefix tooling/runtimes, and apt-get install -y chromium';

/** Node 22's binary, the npm package `node` installed as `node22` (run by its path, never on PATH). */
export const NODE_22 = toolPath('node22/bin/node');
/** Node 24's binary, the npm package `node` installed as `node24` (run by its path, never on PATH). */
export const NODE_24 = toolPath('node24/bin/node');
const BUN = toolPath('bun/bin/bun.exe');
const DENO = toolPath('deno/deno');
const CHROMIUM = '/usr/bin/chromium';
const driver = (name: string) => runtimesPath(`drivers/${name}.mjs`);
const viaDriver = (name: string) => (project: string, setup: string) => ({
  file: process.execPath,
  args: [driver(name), project, setup],
});

/** The matrix, in the order it is reported. */
export const RUNTIMES: readonly Runtime[] = [
  {
    id: 'node20',
    expected: `Node ${process.versions.node}`, // the machine's node: the one running this test
    bundled: false,
    needs: [],
    command: (_project, setup) => ({ file: process.execPath, args: ['cli.mjs', setup] }),
  },
  {
    id: 'node22',
    expected: `Node ${pinned('node22')}`,
    bundled: false,
    needs: [NODE_22],
    command: (_project, setup) => ({ file: NODE_22, args: ['cli.mjs', setup] }),
  },
  {
    id: 'node24',
    expected: `Node ${pinned('node24')}`,
    bundled: false,
    needs: [NODE_24],
    command: (_project, setup) => ({ file: NODE_24, args: ['cli.mjs', setup] }),
  },
  {
    id: 'bun',
    expected: `Bun ${pinned('bun')}`,
    bundled: false,
    needs: [BUN],
    command: (_project, setup) => ({ file: BUN, args: ['cli.mjs', setup] }),
  },
  {
    id: 'deno',
    expected: `Deno ${pinned('deno')}`,
    bundled: false,
    needs: [DENO],
    // Only --allow-net=127.0.0.1 (the emulator). No --allow-read: loading the script and the
    // packages it imports from node_modules is module loading, which Deno permits; the setup comes
    // in Deno.args. No --allow-env: a package that reads process.env at load fails here, as it
    // would for a user who grants nothing more. --no-prompt: a missing permission is an error,
    // never a question; --no-lock: nothing is written into the project.
    command: (project, setup) => ({
      file: DENO,
      args: ['run', '--allow-net=127.0.0.1', '--no-prompt', '--no-lock', 'cli.mjs', setup],
      env: { DENO_DIR: join(project, '.deno'), DENO_NO_UPDATE_CHECK: '1' },
    }),
  },
  {
    id: 'workerd',
    expected: /^workerd 1\.\d{8}\.\d+$/,
    bundled: true,
    needs: [toolPath('miniflare/package.json'), toolPath('esbuild/package.json')],
    command: viaDriver('workerd'),
  },
  {
    id: 'edge-vm',
    expected: `@edge-runtime/vm ${pinned('@edge-runtime/vm')}`,
    bundled: true,
    needs: [toolPath('@edge-runtime/vm/package.json'), toolPath('esbuild/package.json')],
    command: viaDriver('edge-vm'),
  },
  {
    id: 'chromium',
    expected: /^Chromium \d+\.\d+\.\d+\.\d+$/,
    bundled: true,
    needs: [CHROMIUM, toolPath('playwright-core/package.json'), toolPath('esbuild/package.json')],
    command: (project, setup) => ({ file: process.execPath, args: [driver('chromium'), project, setup, CHROMIUM] }),
  },
];

/**
 * The runtimes `AUTHWIRE_RUNTIME` selects (`deno`, `node22,bun`, …; all when unset), or an error
 * naming the ids it does not know.
 */
export function selectedRuntimes(selection = process.env.AUTHWIRE_RUNTIME): Set<RuntimeId> {
  return selectedIds(
    'AUTHWIRE_RUNTIME',
    RUNTIMES.map((runtime) => runtime.id),
    selection,
  );
}

/**
 * The ids a comma-separated selection names (all of `all` when it is unset or blank), or an
 * error naming the variable and the ids it does not know.
 *
 * @param variable - the environment variable, for the error
 * @param all - every known id, in order
 * @param selection - the variable's value
 * @returns the selected ids
 * @example
 * ```ts
 * import { selectedIds } from './runtimes.js';
 *
 * selectedIds('AUTHWIRE_KIT_LEG', ['msw3-vitest5', 'msw2-vitest4'], process.env.AUTHWIRE_KIT_LEG);
 * ```
 */
export function selectedIds<Id extends string>(variable: string, all: readonly Id[], selection?: string): Set<Id> {
  if (selection === undefined || selection.trim() === '') return new Set(all);
  const ids = selection.split(',').map((id) => id.trim());
  const unknown = ids.filter((id) => !all.includes(id as Id));
  if (unknown.length > 0) throw new Error(`${variable}: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return new Set(ids as Id[]);
}

/**
 * Why `runtime` (or a kit leg, which needs files the same way) cannot run here, or `undefined`.
 * In CI (`CI` set, as `.ci/run` runs, which installs every tool) it is always `undefined`: a
 * missing tool fails its test instead.
 */
export function runtimeSkipReason(runtime: Pick<Runtime, 'needs'> & { id: string }): string | undefined {
  if (process.env.CI) return undefined;
  const missing = runtime.needs.filter((file) => !existsSync(file));
  if (missing.length === 0) return undefined;
  return `${runtime.id}: ${missing.join(', ')} missing: skipped (CI requires it; ${INSTALL})`;
}
