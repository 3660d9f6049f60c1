import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/vitest.ts'],
    platform: 'node',
    external: ['vitest', 'msw', '@authwire/core'],
  }),
);
