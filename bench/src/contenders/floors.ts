import axios from 'axios';
import ky from 'ky';
import { axiosGet } from './axios-get.js';
import { kyGet } from './ky-get.js';
import { openapiClient, openapiGet } from './openapi-get.js';
import type { BenchEnv, Contender } from './types.js';

// The floor of a binding: its client sending the same pre-built header (the same token, so the
// same length) with no auth library at all. What a binding costs is its time over this one.

/** The global fetch with a pre-built `Authorization` header. */
export function fetchWithHeader(header: string): Contender {
  const init = { headers: { authorization: header } };
  return {
    name: 'fetch + pre-built header (floor)',
    async get(url) {
      const response = await fetch(url, init);
      await response.json();
      return response.status;
    },
  };
}

/** ky with a pre-built `Authorization` header. */
export function kyWithHeader(header: string): Contender {
  const api = ky.create({ headers: { authorization: header } });
  return { name: 'ky + pre-built header (floor)', get: (url) => kyGet(api, url) };
}

/** axios with a pre-built `Authorization` header. */
export function axiosWithHeader(header: string): Contender {
  const api = axios.create({ headers: { Authorization: header } });
  return { name: 'axios + pre-built header (floor)', get: (url) => axiosGet(api, url) };
}

/** openapi-fetch with a pre-built `Authorization` header. */
export function openapiFetchWithHeader(env: BenchEnv, header: string): Contender {
  const client = openapiClient(env);
  const headers = { authorization: header };
  return { name: 'openapi-fetch + pre-built header (floor)', get: (url) => openapiGet(client, url, headers) };
}
