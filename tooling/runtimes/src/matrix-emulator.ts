import { type Emulator, startEmulator } from '@authwire/testing';
import { HttpResponse, http } from 'msw';

/** A provider as the smoke test sees it: what to log in with, what to call, how to revoke. */
export interface SmokeTarget {
  config: Record<string, unknown>;
  protectedUrl: string;
  /** POST: the emulator refuses every access token the provider's mock has issued so far. */
  revokeUrl: string;
}

/** What the smoke test is given (`smoke/smoke.mjs`): one target per provider. */
export interface SmokeSetup {
  providers: Record<'masters-india' | 'union-service' | 'oauth2', SmokeTarget>;
  /** Masters India's `api_key` (core's `staticKey`): its config and a real API path that takes it. */
  key: { config: Record<string, unknown>; url: string };
}

/** A running emulator for one runtime, and the setup that points the smoke test at it. */
export interface MatrixEmulator {
  emulator: Emulator;
  setup: SmokeSetup;
}

/**
 * Starts an emulator for one runtime's run, with CORS on (the browser page calls it from another
 * loopback origin) and a control route of this test, `POST /__revoke/<provider>`, that revokes the
 * provider's access tokens: the smoke test's next call is rejected once, the one after the
 * renewal accepted.
 *
 * @returns the emulator and the smoke test's setup
 * @example
 * ```ts
 * import { startMatrixEmulator } from './matrix-emulator.js';
 *
 * const { emulator, setup } = await startMatrixEmulator();
 * await emulator.close();
 * ```
 */
export async function startMatrixEmulator(): Promise<MatrixEmulator> {
  const revoke = http.post(/\/__revoke\/(masters-india|union-service|oauth2)$/, ({ request }) => {
    const name = new URL(request.url).pathname.split('/').pop();
    const mock =
      name === 'masters-india' ? emulator.mastersIndia : name === 'oauth2' ? emulator.oauth2 : emulator.unionService;
    mock.server.revokeAccessTokens();
    return new HttpResponse(null, { status: 204 });
  });
  const emulator = await startEmulator({ cors: true, handlers: [revoke] });
  const target = (mock: { config(): object; protectedUrl: string }, name: string): SmokeTarget => ({
    config: { ...mock.config() },
    protectedUrl: mock.protectedUrl,
    revokeUrl: `${emulator.url}/__revoke/${name}`,
  });
  return {
    emulator,
    setup: {
      providers: {
        'masters-india': target(emulator.mastersIndia, 'masters-india'),
        'union-service': target(emulator.unionService, 'union-service'),
        oauth2: target(emulator.oauth2, 'oauth2'),
      },
      key: {
        config: { ...emulator.mastersIndia.keyConfig() },
        url: `${emulator.mastersIndia.api.getEinvoice}?gstin=05AAABB0639G1Z8&irn=runtime-matrix`,
      },
    },
  };
}
