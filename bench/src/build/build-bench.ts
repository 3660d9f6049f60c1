// `pnpm bench`'s first step: refuses when the packages' dist is missing or stale, then bundles
// bench/src's entries into bench/dist with esbuild, every package (@authwire/* and the peers)
// left external, so that plain `node` runs the bench's own code and Node resolves @authwire/*
// through node_modules to packages/*/dist. No loader touches the measured code (tsx's
// keepNames wraps every function it transforms), and no tsconfig `paths` maps it to sources.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { unbuiltReason } from './built-packages.js';

const BENCH = fileURLToPath(new URL('../../', import.meta.url));

/** The processes of a run: the bench itself and the children it forks (same directory once built). */
export const ENTRIES = {
  main: 'src/main.ts',
  'api-server-process': 'src/servers/api-server-process.ts',
  'fleet-member': 'src/fleet/fleet-member.ts',
  'cost-growth-child': 'src/cost-growth/cost-growth-child.ts',
} as const;

/**
 * Bundles the bench's entries into `outdir`: ESM for Node 20, every package external, no
 * tsconfig (the root one maps @authwire/* to the sources), no minification, no keepNames.
 *
 * @param outdir - where `<entry>.js` files go
 * @returns the written files
 */
export async function buildBench(outdir = `${BENCH}dist`): Promise<string[]> {
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, `${BENCH}${path}`])),
    outdir,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfigRaw: {},
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = process.env.BENCH_STALE_OK === '1' ? undefined : await unbuiltReason();
  if (reason !== undefined) {
    console.error(`pnpm bench: refused — ${reason}`);
    process.exit(1);
  }
  await buildBench();
}
