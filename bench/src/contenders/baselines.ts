import axios from 'axios';
import ky from 'ky';
import { axiosGet } from './axios-get.js';
import { kyGet } from './ky-get.js';
import type { Contender } from './types.js';

/** The baseline: the global fetch, no token. */
export function bareFetch(): Contender {
  return {
    name: 'bare fetch',
    async get(url) {
      const response = await fetch(url);
      await response.json();
      return response.status;
    },
  };
}

/** ky without any auth: the reference for what ky itself costs. */
export function bareKy(): Contender {
  const api = ky.create({});
  return { name: 'ky (no auth, reference)', get: (url) => kyGet(api, url) };
}

/** axios without any auth: the reference for what axios itself costs. */
export function bareAxios(): Contender {
  const api = axios.create();
  return { name: 'axios (no auth, reference)', get: (url) => axiosGet(api, url) };
}
