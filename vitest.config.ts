import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

export default defineConfig({
  test: {
    projects,
    // Any unhandled rejection fails the run.
    dangerouslyIgnoreUnhandledErrors: false,
    testTimeout: 20_000,
  },
});
