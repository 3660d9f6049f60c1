import type { BenchEnv } from './contenders/index.js';

/** Token-endpoint calls answered so far: the emulator's Masters India logins and refreshes (authwire), the API server's OAuth2 endpoint (peers). */
export interface UpstreamCalls {
  emulator: number;
  oauth2: number;
  /** `/protected` requests the API server refused (401). */
  rejected: number;
}

/** Reads both counters. */
export async function upstreamCalls(env: BenchEnv): Promise<UpstreamCalls> {
  const { calls } = env.emulator.mastersIndia.server;
  const stats = await env.api.stats();
  return { emulator: calls.login + calls.refresh, oauth2: stats.tokenCalls, rejected: stats.rejected };
}

/** Token calls between two readings, both endpoints together. */
export const tokenCallsBetween = (before: UpstreamCalls, after: UpstreamCalls): number =>
  after.emulator - before.emulator + (after.oauth2 - before.oauth2);
