import { expect, it } from 'vitest';

it('pins the public API of @authwire/opentelemetry', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toEqual(['combineHandlers', 'instrumentAuthwire']);
});
