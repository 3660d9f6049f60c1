import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { useMswServer } from '../src/vitest.js';

// msw intercepts through one global patch: a second server closing would stop the first one's
// interception. The suites call useMswServer() in their own describe, beside the file's.
const msw = useMswServer();

const answer = async (url: string) => (await fetch(url)).json();

describe('a suite that asks for the server in its own scope', () => {
  const inner = useMswServer();

  it("gets the file's server", async () => {
    expect(inner).toBe(msw);
    inner.use(http.get('https://inner.test/a', () => HttpResponse.json({ scope: 'inner' })));
    expect(await answer('https://inner.test/a')).toEqual({ scope: 'inner' });
  });

  it('finds the handlers of the previous test reset', async () => {
    await expect(fetch('https://inner.test/a')).rejects.toThrow();
  });
});

it('still intercepts once that scope is done', async () => {
  msw.use(http.get('https://outer.test/b', () => HttpResponse.json({ scope: 'outer' })));
  expect(await answer('https://outer.test/b')).toEqual({ scope: 'outer' });
});
