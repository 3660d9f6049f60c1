import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM only, `.d.ts`, source maps, ES2022, `node:`
 * prefixes kept. A package passes only what differs (entries, platform, externals).
 */
export function packageBuild(options: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    sourcemap: true,
    // tsup strips `node:` by default: Node-only code keeps its prefixes in dist, and the check
    // that core's main entry imports no Node module (with or without the prefix) sees them.
    removeNodeProtocol: false,
    ...options,
  };
}
