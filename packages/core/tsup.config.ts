import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// One build, two entries: the runtime-neutral main entry, and `./node` (file store), whose
// `node:` imports stay imports. Shared code (errors) lands in a chunk both import.
export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' },
    external: [/^node:/],
  }),
);
