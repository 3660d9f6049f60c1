export { mastersIndia } from './masters-india.js';
export type { MastersIndiaConfig, MastersIndiaKeyConfig, MastersIndiaLoginConfig } from './schemas.js';
// Internal on purpose: the schemas (reach the config schema as `mastersIndia.configSchema`),
// readAnswer, DEFAULT_LIFETIME_MS.
