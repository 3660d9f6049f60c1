import { expect, it } from 'vitest';

it('pins the public API of @authwire/masters-india', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toEqual(['mastersIndia']);
});
