import { existsSync, realpathSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, relative } from 'node:path';
import { exec } from './exec.js';
import { type KitPackage, PACKED_PACKAGES, type PackedPackage } from './packed-packages.js';
import { repoPath, runtimesPath } from './paths.js';

/** Each packed package's tarball, by package name (those of {@link PACKED_PACKAGES} unless told). */
export type Tarballs<Name extends KitPackage = PackedPackage> = Record<Name, string>;

/**
 * Packs every package of `names` ({@link PACKED_PACKAGES} unless told) from its built `dist` with
 * `pnpm pack` (which turns `workspace:^` into the version, as publishing does) into `into`, in
 * parallel.
 *
 * @param into - an empty directory
 * @param names - the packages to pack, e.g. `KIT_PACKAGES`
 * @returns the tarballs, by package name
 * @example
 * ```ts
 * import { packPackages } from './scratch-project.js';
 *
 * const tarballs = await packPackages('/tmp/authwire-runtimes/tarballs');
 * ```
 */
export async function packPackages<Name extends KitPackage = PackedPackage>(
  into: string,
  names: readonly Name[] = PACKED_PACKAGES as readonly KitPackage[] as readonly Name[],
): Promise<Tarballs<Name>> {
  const entries = await Promise.all(
    names.map(async (name) => {
      const folder = name.slice('@authwire/'.length);
      const source = repoPath(`packages/${folder}`);
      await readdir(join(source, 'dist')).catch(() => {
        throw new Error(`${source}/dist is missing: run \`pnpm build\` first (pnpm test does)`);
      });
      const destination = join(into, folder);
      await mkdir(destination, { recursive: true });
      await exec('pnpm', ['pack', '--pack-destination', destination], { cwd: source });
      const [tarball] = (await readdir(destination)).filter((file) => file.endsWith('.tgz'));
      if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${name} in ${destination}`);
      return [name, join(destination, tarball)] as const;
    }),
  );
  return Object.fromEntries(entries) as Tarballs<Name>;
}

/**
 * A copy of core's tarball whose built main entry (`dist/index.js`) is `edit`ed: what a change
 * that breaks a rule would publish. Unpacked with `tar`, edited, packed again with `npm pack`.
 *
 * @param tarball - core's tarball
 * @param edit - the new text of `dist/index.js`, from the built one
 * @param into - an empty directory
 * @returns the new tarball
 * @example
 * ```ts
 * import { editCore } from './scratch-project.js';
 *
 * await editCore(tarballs['@authwire/core'], (entry) => `process.env.DEBUG;\n${entry}`, '/tmp/mutant');
 * ```
 */
export async function editCore(tarball: string, edit: (entry: string) => string, into: string): Promise<string> {
  await mkdir(into, { recursive: true });
  await exec('tar', ['-xzf', tarball, '-C', into]);
  const entry = join(into, 'package', 'dist', 'index.js');
  const before = await readFile(entry, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit left ${entry} as it was`);
  await writeFile(entry, after);
  const { stdout } = await exec('npm', ['pack', './package', '--ignore-scripts', '--pack-destination', '.'], {
    cwd: into,
  });
  const name = stdout.trim().split('\n').at(-1);
  if (name === undefined || !name.endsWith('.tgz')) throw new Error(`npm pack printed no tarball: ${stdout}`);
  return join(into, name);
}

/** Options of {@link createScratchProject}: what a project other than the smoke test's has. */
export interface ScratchProjectOptions {
  /** The files copied beside its package.json, where a user's code would be. @default tooling/runtimes/smoke */
  template?: string;
  /** Registry dependencies besides the tarballs, by exact version, e.g. `{ msw: '3.0.5' }`. */
  dependencies?: Record<string, string>;
  /** The Node binary npm runs under (the user's Node: engines are checked against it). @default the machine's */
  node?: string;
}

/**
 * Creates a scratch project in `dir` that depends on the tarballs (npm `overrides` make the
 * adapters use the packed core, which no registry has), installs them with npm and their real
 * dependencies from the registry, never a workspace link, and copies the smoke test
 * (`tooling/runtimes/smoke/*.mjs`, or `options.template`) beside its package.json, where a user's
 * code would be.
 *
 * @param dir - a directory that does not exist yet
 * @param tarballs - the package tarballs to depend on
 * @param options - another template, registry dependencies, the Node npm runs under
 * @returns `dir`
 * @example
 * ```ts
 * import { createScratchProject, packPackages } from './scratch-project.js';
 *
 * const project = await createScratchProject('/tmp/authwire-runtimes/app', await packPackages('/tmp/t'));
 * ```
 */
export async function createScratchProject(
  dir: string,
  tarballs: Partial<Tarballs<KitPackage>>,
  options: ScratchProjectOptions = {},
): Promise<string> {
  const { template = runtimesPath('smoke'), node } = options;
  await mkdir(dir, { recursive: true });
  const dependencies = {
    ...Object.fromEntries(Object.entries(tarballs).map(([name, tarball]) => [name, `file:${relative(dir, tarball)}`])),
    ...options.dependencies,
  };
  const manifest = {
    name: 'authwire-runtime-matrix-app',
    private: true,
    type: 'module',
    dependencies,
    overrides: { '@authwire/core': '$@authwire/core' },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await cp(template, dir, { recursive: true });
  const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'];
  if (node === undefined) await exec('npm', install, { cwd: dir });
  else await exec(node, [npmCli(), ...install], { cwd: dir });
  return dir;
}

/**
 * The machine's npm, as the script its `npm` command runs (`…/npm/bin/npm-cli.js`), so that
 * another Node can run it: the first `npm` on PATH, its links resolved.
 */
function npmCli(): string {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const command = join(folder, 'npm');
    if (!existsSync(command)) continue;
    const script = join(dirname(realpathSync(command)), 'npm-cli.js');
    if (existsSync(script)) return script;
  }
  throw new Error('no npm on PATH (its bin/npm-cli.js): the scratch project cannot be installed');
}

/**
 * Bundles a scratch project's smoke test with esbuild (`drivers/bundle.mjs`): `dist/worker.js`
 * for workerd, `dist/global.js` for the edge-runtime VM and the browser.
 *
 * @param project - a project made by {@link createScratchProject}
 * @returns when both bundles are written
 * @example
 * ```ts
 * import { bundleProject } from './scratch-project.js';
 *
 * await bundleProject('/tmp/authwire-runtimes/app');
 * ```
 */
export async function bundleProject(project: string): Promise<void> {
  await exec(process.execPath, [runtimesPath('drivers/bundle.mjs'), project]);
}
