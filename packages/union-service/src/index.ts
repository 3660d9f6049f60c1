export type { UnionServiceConfig } from './schemas.js';
export { unionService } from './union-service.js';
// Internal on purpose: the config, token and error schemas (`unionService.configSchema` is public).
