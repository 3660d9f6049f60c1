import { describe, expect, it } from 'vitest';

describe('@authwire/core public API', () => {
  it('exports exactly these names', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AuthError',
      'AuthErrorCodes',
      'authHooks',
      'authMiddleware',
      'authPolicy',
      'baseUrlSchema',
      'configFromEnv',
      'createMemoryStore',
      'createProvider',
      'createTokenProvider',
      'defineProvider',
      'headerValueOf',
      'headersSchema',
      'isAuthError',
      'isLoopbackHost',
      'isStoredToken',
      'readBodyPrefix',
      'readJwtExpiry',
      'refreshUnsupported',
      'sharedMemoryStore',
      'tokenOfHeader',
      'validateConfig',
      'withAuth',
    ]);
  });
});
