export type { AuthAxiosOptions } from './auth-axios.js';
export { authAxios } from './auth-axios.js';
// Internal on purpose: fullUrl, responseOf, finalUrl, fetchHeaders, isOneShot.
