export type { MastersIndiaConfig } from './config.js';
export { mastersIndia } from './masters-india.js';
// Internal on purpose: the schemas (reach the config schema as `mastersIndia.configSchema`),
// readTokenAnswer, DEFAULT_LIFETIME_MS.
