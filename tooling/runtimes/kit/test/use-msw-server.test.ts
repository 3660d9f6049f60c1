/**
 * The kit's `useMswServer()` on this leg's msw: a request no handler matches is an error — it
 * never reaches the network, even where a real server listens — and a handled one is answered.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useMswServer } from '@authwire/testing/vitest';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, expect, it } from 'vitest';

const msw = useMswServer();
const reached: string[] = [];
const real = createServer((request, response) => {
  reached.push(request.url ?? '');
  response.writeHead(200, { 'content-type': 'text/plain' }).end('real server');
});
let origin = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => real.close(() => resolve())));

it('fails an unhandled request without sending it, though a real server listens there', async () => {
  await expect(fetch(`${origin}/unhandled`)).rejects.toThrow();
  expect(reached).toEqual([]);
});

it('answers a handled request from its handler, not from the network', async () => {
  msw.use(http.get(`${origin}/handled`, () => HttpResponse.json({ from: 'handler' })));
  const res = await fetch(`${origin}/handled`);
  expect(await res.json()).toEqual({ from: 'handler' });
  expect(reached).toEqual([]);
});
