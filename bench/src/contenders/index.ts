export { authwireFetch, authwireKy, authwireProvider } from './authwire.js';
export { axiosAuthRefresh } from './axios-auth-refresh.js';
export { bareAxios, bareFetch, bareKy } from './baselines.js';
export { kyRefreshHook } from './ky-refresh-hook.js';
export { oauth2Fetch, oauth2FetchContender } from './oauth2-fetch.js';
export type { BenchEnv, Contender, ContenderFactory } from './types.js';
