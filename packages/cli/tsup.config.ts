import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/cli.ts'],
    // cli.ts is the bin (its shebang is kept): only the library entry needs declarations.
    dts: { entry: 'src/index.ts' },
    target: 'node20',
    platform: 'node',
    external: [/^@authwire\//, /^msw(\/|$)/],
  }),
);
