import { exec } from './exec.js';
import type { SmokeSetup } from './matrix-emulator.js';
import type { Runtime } from './runtimes.js';

/** What the smoke test saw for one provider (`smoke/smoke.mjs`): statuses and checks, never a token. */
export interface ProviderOutcome {
  provider: string;
  scheme: string;
  /** `getAuthorizationHeader()` was `<scheme> <getToken().value>`. */
  header: boolean;
  /** The first withAuth call. */
  first: number;
  /** The revoke control's answer. */
  revoked: number;
  /** The call made with a revoked token, after withAuth's renewal and replay. */
  replayed: number;
  /** The replayed request's JSON body reached the endpoint intact. */
  echoed: boolean;
  /** The provider holds a new token after the replay. */
  renewed: boolean;
}

/** One runtime's outcome: its name for itself, a result per provider; the browser adds its page's origin. */
export interface SmokeOutcome {
  runtime: string;
  results: ProviderOutcome[];
  /** Masters India's api_key (core's staticKey): its header name, header, the API's answer. */
  key: { provider: string; headerName: string; header: boolean; status: number; success: boolean };
  origin?: string;
}

/**
 * Runs the smoke test of `project` in `runtime` against the emulator of `setup`. Rejects, when
 * the runtime fails, with the runtime's own error text.
 *
 * @param runtime - one of `RUNTIMES`
 * @param project - a scratch project (bundled when the runtime needs it)
 * @param setup - the smoke test's setup
 * @returns the outcome the runtime printed (its last line of output)
 */
export async function runSmoke(runtime: Runtime, project: string, setup: SmokeSetup): Promise<SmokeOutcome> {
  const { file, args, env } = runtime.command(project, JSON.stringify(setup));
  const { stdout } = await exec(file, args, {
    cwd: project,
    // The machine's PATH as it is (never tooling/runtimes/node_modules/.bin), no colours.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? project, NO_COLOR: '1', ...env },
    timeoutMs: 90_000,
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as SmokeOutcome;
  } catch {
    throw new Error(`${runtime.id} printed no outcome:\n${stdout}`);
  }
}
