import type { Emulator } from '@authwire/testing';
import type { ApiServer } from '../servers/start-api-server.js';

/** The servers every scenario talks to. */
export interface BenchEnv {
  /** The authwire emulator: Masters India's token endpoints (msw handlers on a loopback server). */
  readonly emulator: Emulator;
  /** The plain `node:http` API in a child process, with the peers' OAuth2 token endpoint. */
  readonly api: ApiServer;
}

/** One HTTP client setup, as a user would write it. */
export interface Contender {
  readonly name: string;
  /** GETs `url`, reads the JSON body, and resolves with the final status. */
  get(url: string): Promise<number>;
}

/** Builds a contender with its own state (token, cache, connections' pool as the client keeps it). */
export type ContenderFactory = (env: BenchEnv) => Contender;
