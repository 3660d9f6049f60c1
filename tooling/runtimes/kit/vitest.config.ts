import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The conformance suites make thousands of loopback calls: room for a loaded 2-core machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
