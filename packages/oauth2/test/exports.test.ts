import { expect, it } from 'vitest';

it('pins the public API of @authwire/oauth2', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toEqual(['oauth2']);
});
