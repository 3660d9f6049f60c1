export { oauth2 } from './oauth2.js';
export type { OAuth2Config } from './schemas.js';
// Internal on purpose: the config, answer and discovery schemas (`oauth2.configSchema` is public),
// the error reading and the discovery helper.
