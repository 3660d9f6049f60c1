export { authwireFetch, authwireKy, authwireProvider } from './authwire.js';
export { authwireAxios, authwireOpenapiFetch } from './authwire-bindings.js';
export { axiosAuthRefresh } from './axios-auth-refresh.js';
export { bareAxios, bareFetch, bareKy } from './baselines.js';
export { axiosWithHeader, fetchWithHeader, kyWithHeader, openapiFetchWithHeader } from './floors.js';
export { kyRefreshHook } from './ky-refresh-hook.js';
export { oauth2Fetch, oauth2FetchContender } from './oauth2-fetch.js';
export { openapiFetchMiddleware } from './openapi-fetch-middleware.js';
export type { BenchEnv, Contender, ContenderFactory } from './types.js';
