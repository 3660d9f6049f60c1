import { describe, expect, it } from 'vitest';

describe('@authwire/testing public API', () => {
  it('exports exactly these names from @authwire/testing', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'MASTERS_INDIA_SAMPLE_TOKENS',
      'TokenServer',
      'fakeClock',
      'fakeJwt',
      'faultResponse',
      'freePort',
      'mastersIndiaHandlers',
      'mockedProvider',
      'oauth2Handlers',
      'protectedResponse',
      'redisServerInstalled',
      'startEmulator',
      'startRedisServer',
      'unionServiceHandlers',
    ]);
  });

  it('exports exactly these names from @authwire/testing/vitest', async () => {
    expect(Object.keys(await import('../src/vitest.js')).sort()).toEqual([
      'describeAdapterConformance',
      'describeCompositionConformance',
      'describeStoreConformance',
      'useMswServer',
    ]);
  });
});
