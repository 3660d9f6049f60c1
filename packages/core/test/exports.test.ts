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
      'readBodyPrefix',
      'readJwtExpiry',
      'refreshUnsupported',
      'sharedMemoryStore',
      'validateConfig',
      'withAuth',
    ]);
  });
});
