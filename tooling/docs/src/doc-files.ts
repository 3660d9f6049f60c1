import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Names of the folders in `dir` (relative to the root), sorted. */
async function folders(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort();
}

/** `<dir>/<folder>/README.md` of every folder of `dir` that has one. */
async function readmes(dir: string): Promise<string[]> {
  const paths = (await folders(dir)).map((name) => `${dir}/${name}/README.md`);
  const found = await Promise.all(
    paths.map((path) =>
      access(join(ROOT, path)).then(
        () => path,
        () => undefined,
      ),
    ),
  );
  return found.filter((path) => path !== undefined);
}

/**
 * The documentation users read, relative to the root: `README.md`, `packages/*\/README.md`,
 * `examples/*\/README.md` and `docs/*.md`.
 *
 * @returns the Markdown files, sorted within each group
 */
export async function markdownFiles(): Promise<string[]> {
  const docs = (await readdir(join(ROOT, 'docs'))).filter((name) => name.endsWith('.md')).sort();
  return [
    'README.md',
    ...(await readmes('packages')),
    ...(await readmes('examples')),
    ...docs.map((name) => `docs/${name}`),
  ];
}

/**
 * Every TypeScript source of the packages, relative to the root: `packages/*\/src/**\/*.ts`.
 *
 * @returns the files, sorted
 */
export async function packageSources(): Promise<string[]> {
  const files: string[] = [];
  for (const name of await folders('packages')) {
    const src = `packages/${name}/src`;
    const entries = await readdir(join(ROOT, src), { recursive: true }).catch(() => []);
    files.push(...entries.filter((entry) => entry.endsWith('.ts')).map((entry) => `${src}/${entry}`));
  }
  return files.sort();
}
