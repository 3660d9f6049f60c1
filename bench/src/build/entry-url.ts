/**
 * The URL of a built bench entry (`bench/dist/<name>.js`), for forking a child process: every
 * entry is bundled into the same directory (`build-bench.ts`), so it sits beside the running one.
 *
 * @param name - a key of `ENTRIES` in build-bench.ts
 * @returns the file URL
 */
export const entryUrl = (name: 'api-server-process' | 'fleet-member' | 'cost-growth-child'): URL =>
  new URL(`./${name}.js`, import.meta.url);
