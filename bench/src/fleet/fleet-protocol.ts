/** How a fleet member gets its tokens. */
export type FleetMode = 'authwire-redis' | 'authwire-memory' | 'oauth2-fetch';

/** A fleet member's configuration (the `BENCH_FLEET` environment variable, JSON). */
export interface FleetConfig {
  redisUrl: string;
  /** Redis key prefix, unique per run. */
  prefix: string;
  /** Masters India on the emulator. */
  mastersIndia: { baseUrl: string; username: string; password: string };
  /** The API server's origin, for the OAuth2 token endpoint. */
  apiOrigin: string;
  /** Concurrent `getToken()` calls per member on `go`. */
  calls: number;
}

/** Parent → member. */
export type FleetCommand = { type: 'go'; mode: FleetMode } | { type: 'exit' };

/** Member → parent. */
export type FleetReport =
  | { type: 'ready' }
  | { type: 'result'; mode: FleetMode; failed: number; tokens: string[]; errors: string[] };
