import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The login path of the Masters India protocol (`POST {base}/api/v1/token-auth/`). */
export const LOGIN_PATH = '/api/v1/token-auth/';

/** A loopback token server that answers Masters India logins for any account. */
export interface TokenServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Logins answered so far. */
  readonly logins: number;
  /** `expires_in` of the tokens issued from now on, in seconds (fractions allowed). */
  lifetimeS: number;
  /** Holds every login from now on until the returned function is called. */
  hold(): () => void;
  /** Resolves once a login is being held. */
  held(): Promise<void>;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Starts the token server in this process: `POST /api/v1/token-auth/` answers
 * `{"token": <JWT>, "expires_in": lifetimeS}` to any username (a JWT-shaped token of the
 * usual length, its `exp` consistent with `expires_in`). Connections are kept alive for a
 * minute: warm the client's pool to its working size before a baseline heap measurement.
 *
 * @param lifetimeS - `expires_in` of the issued tokens, in seconds
 * @returns the listening server
 */
export async function startTokenServer(lifetimeS: number): Promise<TokenServer> {
  let logins = 0;
  let gate: Promise<void> | undefined;
  let onHeld: (() => void) | undefined;
  const heldOnce = () => new Promise<void>((resolve) => (onHeld = resolve));
  let heldPromise = heldOnce();
  const header = base64url({ alg: 'HS256', typ: 'JWT' });
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', async () => {
      if (request.url !== LOGIN_PATH || request.method !== 'POST') {
        response.writeHead(404).end();
        return;
      }
      if (gate !== undefined) {
        onHeld?.();
        await gate;
      }
      logins += 1;
      const exp = Math.floor(Date.now() / 1000 + state.lifetimeS);
      const token = `${header}.${base64url({ sub: `account-${logins}`, exp, iat: exp - state.lifetimeS })}.${'s'.repeat(43)}`;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ token, expires_in: state.lifetimeS }));
    });
  });
  const state = { lifetimeS };
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get logins() {
      return logins;
    },
    get lifetimeS() {
      return state.lifetimeS;
    },
    set lifetimeS(value: number) {
      state.lifetimeS = value;
    },
    hold() {
      let open: () => void = () => undefined;
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      return () => {
        gate = undefined;
        heldPromise = heldOnce();
        open();
      };
    },
    held: () => heldPromise,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
