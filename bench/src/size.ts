import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

/**
 * DESIGN.md → Performance targets → Size: core + one adapter + `withAuth`, minified and gzipped
 * (1 KB = 1,024 B): ≤ 5.5 KB own code, ≤ 12 KB with every dependency bundled.
 */
export const BUDGETS = { withoutDeps: 5.5 * 1024, allDeps: 12 * 1024 } as const;

/** The runtime dependencies of authwire, external in the "without deps" figure. */
export const DEPENDENCIES = ['ky', 'valibot', 'jwt-decode'] as const;

/** A bundle to measure: an entry file written as a user would import. */
export interface SizeEntry {
  name: string;
  /** The entry module's source. */
  source: string;
  /** Whether the DESIGN.md budgets apply to it. */
  budgeted: boolean;
}

/** The repository root (this file is `bench/src/size.ts`). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Entries resolve from `bench/`, whose `node_modules` links the workspace packages (→ their `dist`). */
const RESOLVE_DIR = fileURLToPath(new URL('../', import.meta.url));

const adapterEntry = (factory: string, pkg: string, extra = ''): string =>
  `import { ${factory} } from '@authwire/${pkg}'; import { withAuth${extra} } from '@authwire/core'; export { ${factory}, withAuth${extra} };`;

/** authwire as users import it: core + one adapter (the budgeted ones), and references. */
export const AUTHWIRE_ENTRIES: readonly SizeEntry[] = [
  {
    name: 'core + masters-india (`mastersIndia`, `withAuth`)',
    source: adapterEntry('mastersIndia', 'masters-india'),
    budgeted: true,
  },
  {
    name: 'core + union-service (`unionService`, `withAuth`)',
    source: adapterEntry('unionService', 'union-service'),
    budgeted: true,
  },
  {
    name: 'core + masters-india + `authHooks` (a ky user)',
    source: adapterEntry('mastersIndia', 'masters-india', ', authHooks'),
    budgeted: false,
  },
  {
    name: 'core, every export',
    source: "export * from '@authwire/core';",
    budgeted: false,
  },
];

/** The peers, bundled the same way. */
export const PEER_ENTRIES: readonly SizeEntry[] = [
  {
    name: '@badgateway/oauth2-client (`OAuth2Client`, `OAuth2Fetch`)',
    source: "export { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';",
    budgeted: false,
  },
  {
    name: 'axios + axios-auth-refresh',
    source:
      "import axios from 'axios'; import { createAuthRefresh } from 'axios-auth-refresh'; export { axios, createAuthRefresh };",
    budgeted: false,
  },
  { name: 'ky alone (reference)', source: "export { default } from 'ky';", budgeted: false },
];

/** One measured bundle. */
export interface BundleSize {
  minified: number;
  gzipped: number;
  metafile: Metafile;
}

const PACKAGES = ['core', 'masters-india', 'union-service'] as const;

/** The built entry of a workspace package. */
const distEntry = (pkg: string) => `${ROOT}packages/${pkg}/dist/index.js`;

/**
 * Throws a clear error when a package's `dist` is missing; returns the packages whose `dist`
 * is older than a source file (stale: measured anyway, reported).
 *
 * @returns the names of stale packages
 */
export async function checkBuilt(): Promise<string[]> {
  const missing = PACKAGES.filter((pkg) => !existsSync(distEntry(pkg)));
  if (missing.length > 0) {
    throw new Error(
      `The built packages are missing (${missing.map((pkg) => `packages/${pkg}/dist`).join(', ')}): run \`pnpm build\` at the repository root first. Sizes are measured on the built dist, as users install it.`,
    );
  }
  const stale: string[] = [];
  for (const pkg of PACKAGES) {
    const built = statSync(distEntry(pkg)).mtimeMs;
    const sources = await readdir(`${ROOT}packages/${pkg}/src`, { recursive: true });
    if (sources.some((file) => statSync(`${ROOT}packages/${pkg}/src/${file}`).mtimeMs > built)) stale.push(pkg);
  }
  return stale;
}

/**
 * Bundles `source` with esbuild (ESM, browser platform, minified, tree-shaken) and gzips it
 * (level 9). `@authwire/*` resolve to the packages' built `dist`.
 *
 * @param source - the entry module
 * @param external - packages left out of the bundle
 * @returns minified and gzipped bytes, and esbuild's metafile
 */
export async function bundleSize(source: string, external: readonly string[] = []): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: RESOLVE_DIR, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: [...external],
    // No tsconfig: the root one maps @authwire/* to the sources, and users get the dist.
    tsconfigRaw: {},
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, metafile: result.metafile };
}

/** The package an input path belongs to: `@authwire/core (dist)`, `valibot`, … */
function owner(path: string): string {
  const workspace = /packages\/([^/]+)\/(dist|src)\//.exec(path);
  if (workspace) return `@authwire/${workspace[1]} (${workspace[2]})`;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path.replace(/.*node_modules\/\.pnpm\/[^/]+\//, ''));
  return dependency?.[1] ?? path;
}

/**
 * Minified bytes in the output per package (before gzip), largest first.
 *
 * @param metafile - esbuild's metafile of one bundle
 * @returns `[package, bytes]` pairs
 */
export function bytesByPackage(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      totals.set(owner(path), (totals.get(owner(path)) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/**
 * The same entry bundled from the TypeScript sources (the root tsconfig's `paths`), to see
 * which source files hold the bytes: minified bytes per file, largest first.
 *
 * @param source - the entry module
 * @param external - packages left out of the bundle
 * @returns `[file, bytes]` pairs, paths relative to the repository root
 */
export async function bytesBySourceFile(source: string, external: readonly string[]): Promise<[string, number][]> {
  const result = await build({
    stdin: { contents: source, resolveDir: RESOLVE_DIR, loader: 'js', sourcefile: 'entry.js' },
    tsconfig: `${ROOT}tsconfig.json`,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: [...external],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const files: [string, number][] = [];
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs))
      files.push([path.replace(/^(\.\.\/)+/, ''), input.bytesInOutput]);
  }
  return files.sort((a, b) => b[1] - a[1]);
}
