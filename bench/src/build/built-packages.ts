import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The workspace packages the bench imports: each must be measured as built (`packages/<name>/dist`). */
export const BENCH_PACKAGES = ['core', 'masters-india', 'axios', 'redis', 'testing'] as const;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The built entry of a workspace package. */
const distEntry = (pkg: string) => `${ROOT}packages/${pkg}/dist/index.js`;

/** The newest modification time under a directory, recursively (0 when it is empty). */
async function newestMtime(directory: string): Promise<number> {
  const files = await readdir(directory, { recursive: true });
  let newest = 0;
  for (const file of files) newest = Math.max(newest, statSync(`${directory}/${file}`).mtimeMs);
  return newest;
}

/**
 * Why the bench cannot run on the built packages, or `undefined` when it can: a package's
 * `dist` is missing, or older than one of its source files (built from other code than the
 * checkout holds).
 *
 * @returns the reason, in words that say what to run
 */
export async function unbuiltReason(): Promise<string | undefined> {
  const missing = BENCH_PACKAGES.filter((pkg) => !existsSync(distEntry(pkg)));
  if (missing.length > 0) {
    return `the built packages are missing (${missing.map((pkg) => `packages/${pkg}/dist`).join(', ')}): run \`pnpm build\` at the repository root first — the bench measures the built dist, as users install it.`;
  }
  const stale: string[] = [];
  for (const pkg of BENCH_PACKAGES) {
    if ((await newestMtime(`${ROOT}packages/${pkg}/src`)) > statSync(distEntry(pkg)).mtimeMs) stale.push(pkg);
  }
  if (stale.length > 0) {
    return `packages/{${stale.join(',')}}/dist is older than its sources: run \`pnpm build\` at the repository root first (or \`BENCH_STALE_OK=1 pnpm bench\` to measure the dist as it is).`;
  }
  return undefined;
}
