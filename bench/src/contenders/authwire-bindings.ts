import { authAxios } from '@authwire/axios';
import { authMiddleware } from '@authwire/core';
import axios from 'axios';
import { authwireProvider } from './authwire.js';
import { axiosGet } from './axios-get.js';
import { openapiClient, openapiGet } from './openapi-get.js';
import type { BenchEnv, Contender } from './types.js';

/** `authAxios(axios.create(), provider)`, its origins set to the API server's. */
export function authwireAxios(env: BenchEnv): Contender {
  const api = axios.create();
  authAxios(api, authwireProvider(env), { origins: [env.api.origin] });
  return { name: 'authwire axios + authAxios', get: (url) => axiosGet(api, url) };
}

/** openapi-fetch with `client.use(authMiddleware(provider))`, its origins set to the API server's. */
export function authwireOpenapiFetch(env: BenchEnv): Contender {
  const client = openapiClient(env);
  client.use(authMiddleware(authwireProvider(env), { origins: [env.api.origin] }));
  return { name: 'authwire openapi-fetch + authMiddleware', get: (url) => openapiGet(client, url) };
}
