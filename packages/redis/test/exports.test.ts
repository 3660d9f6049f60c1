import { describe, expect, it } from 'vitest';

describe('@authwire/redis public API', () => {
  it('exports exactly these names', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(['createRedisStore']);
  });
});
