import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('a request no handler matches', () => {
  // A real server on loopback: were the request let through (msw's default, 'warn'), it would answer 200.
  const reached: string[] = [];
  const real = createServer((request, response) => {
    reached.push(request.url ?? '');
    response.writeHead(200).end('real server');
  });
  let origin = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => real.close(() => resolve())));

  it('fails, and never reaches the network', async () => {
    await expect(fetch(`${origin}/unhandled`)).rejects.toThrow();
    expect(reached).toEqual([]);
  });
});
