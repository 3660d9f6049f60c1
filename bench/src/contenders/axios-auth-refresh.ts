import axios from 'axios';
import { createAuthRefresh } from 'axios-auth-refresh';
import { OAUTH2_CLIENT } from '../servers/api-protocol.js';
import { axiosGet } from './axios-get.js';
import type { BenchEnv, Contender } from './types.js';

/**
 * axios + axios-auth-refresh as its README shows it: a request interceptor attaches the
 * current token, and `refreshAuthLogic` fetches a new one on a 401 (the first request has no
 * token yet, so it is the one that logs in).
 */
export function axiosAuthRefresh(env: BenchEnv): Contender {
  let token: string | undefined;
  const api = axios.create();
  api.interceptors.request.use((request) => {
    request.headers.Authorization = `Bearer ${token}`;
    return request;
  });
  const form = { grant_type: 'client_credentials', client_id: OAUTH2_CLIENT.id, client_secret: OAUTH2_CLIENT.secret };
  createAuthRefresh(api, (failedRequest: { response: { config: { headers: Record<string, string> } } }) =>
    axios.post<{ access_token: string }>(env.api.tokenUrl, new URLSearchParams(form)).then((answer) => {
      token = answer.data.access_token;
      failedRequest.response.config.headers.Authorization = `Bearer ${token}`;
    }),
  );
  return { name: 'axios + axios-auth-refresh', get: (url) => axiosGet(api, url) };
}
