import { staticKey } from '@authwire/core';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authAxios } from '../src/index.js';
import { type LoopbackServer, startLoopbackServer } from './fixtures/loopback-server.js';

const KEY = 'sk-axios-Kx91-never-elsewhere';

let api: LoopbackServer;
let foreign: LoopbackServer;
beforeAll(async () => {
  const answer = (status: number) => (_: unknown, response: import('node:http').ServerResponse) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  [api, foreign] = await Promise.all([startLoopbackServer(answer(200)), startLoopbackServer(answer(401))]);
});
afterAll(async () => {
  await Promise.all([api.close(), foreign.close()]);
});

describe.each(['http', 'fetch'] as const)('authAxios with a static key (%s adapter)', (adapter) => {
  it('sends the key in its header to its origin only (a foreign 401 comes back as it is, sent once)', async () => {
    api.seen.length = 0;
    foreign.seen.length = 0;
    const instance = axios.create({ adapter, validateStatus: () => true });
    authAxios(instance, staticKey({ value: KEY, header: 'api_key', origins: [api.url] }));
    expect((await instance.get(`${api.url}/orders`)).status).toBe(200);
    expect((await instance.get(`${foreign.url}/orders`)).status).toBe(401);
    expect(api.seen.map((headers) => headers.api_key)).toEqual([KEY]);
    expect(foreign.seen.map((headers) => headers.api_key)).toEqual([undefined]);
    expect(foreign.seen).toHaveLength(1);
  });
});
