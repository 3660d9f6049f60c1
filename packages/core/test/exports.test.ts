import { describe, expect, it } from 'vitest';

describe('@authwire/core public API', () => {
  it('exports exactly these names', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'AuthError',
      'AuthErrorCodes',
      'StaticKeyConfigSchema',
      'authHooks',
      'authMiddleware',
      'authPolicy',
      'baseUrlSchema',
      'closestKey',
      'configFromEnv',
      'configKeys',
      'createMemoryStore',
      'createProvider',
      'createTokenProvider',
      'defineProvider',
      'headerValueOf',
      'headersSchema',
      'isAuthError',
      'isLoopbackHost',
      'isStoredToken',
      'originsSchema',
      'readBodyPrefix',
      'readJwtExpiry',
      'refreshUnsupported',
      'sharedMemoryStore',
      'staticKey',
      'tokenOfHeader',
      'validateConfig',
      'withAuth',
    ]);
  });
});
