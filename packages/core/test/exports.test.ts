import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

describe('@authwire/core public API', () => {
  it('exports exactly these names', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AuthError',
      'AuthErrorCodes',
      'authHooks',
      'baseUrlSchema',
      'configFromEnv',
      'createMemoryStore',
      'createProvider',
      'createTokenProvider',
      'defineProvider',
      'headersSchema',
      'isAuthError',
      'isLoopbackHost',
      'isStoredToken',
      'readJwtExpiry',
      'sharedMemoryStore',
      'validateConfig',
      'withAuth',
    ]);
  });

  it('imports nothing from node: in its sources or its build', async () => {
    const roots = [new URL('../src/', import.meta.url), new URL('../dist/', import.meta.url)];
    let files = 0;
    for (const root of roots) {
      const entries = await readdir(root, { recursive: true }).catch(() => {
        throw new Error(`${root.pathname} is missing: run \`pnpm build\` first (pnpm test does)`);
      });
      for (const entry of entries.filter((name) => /\.(ts|js)$/.test(name) && !name.startsWith('node/'))) {
        const text = await readFile(new URL(entry, root), 'utf8');
        expect(text, entry).not.toMatch(/from\s+['"]node:|require\(\s*['"]node:|import\(\s*['"]node:/);
        files += 1;
      }
    }
    expect(files).toBeGreaterThan(10);
  });
});
