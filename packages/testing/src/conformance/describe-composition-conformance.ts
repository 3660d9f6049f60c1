import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AuthEvent,
  createMemoryStore,
  isAuthError,
  type TokenProvider,
  type TokenProviderOptions,
} from '@authwire/core';
import { http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/start-emulator.js';
import type { MastersIndiaMockConfig } from '../masters-india/mock-config.js';
import type { OAuth2MockConfig } from '../oauth2/mock-config.js';
import type { ProviderMock } from '../server/provider-mock.js';
import type { UnionServiceMockConfig } from '../union-service/mock-config.js';

/**
 * A body the suite sends through a client: a JSON object (to send as JSON), a string, form fields,
 * multipart form data, a Blob, bytes, or a one-shot body (a stream or an async iterable) that can
 * be read once only.
 *
 * @example
 * ```ts
 * import type { CompositionBody } from '@authwire/testing/vitest';
 *
 * const bodies: CompositionBody[] = [{ n: 1 }, 'text', new URLSearchParams({ q: 'a' }), new Uint8Array([104, 105])];
 * ```
 */
export type CompositionBody =
  | { [key: string]: unknown }
  | string
  | URLSearchParams
  | FormData
  | Blob
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/**
 * What the suite asks a client to send: a method (`GET` when absent), headers, and a body.
 *
 * @example
 * ```ts
 * import type { CompositionRequestInit } from '@authwire/testing/vitest';
 *
 * const init: CompositionRequestInit = { method: 'POST', headers: { 'x-id': '1' }, body: { n: 1 } };
 * ```
 */
export interface CompositionRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: CompositionBody;
}

/**
 * What a client answered: the status (every status, 4xx and 5xx included: configure the client not
 * to throw on them) and the body as text.
 *
 * @example
 * ```ts
 * import type { CompositionResponse } from '@authwire/testing/vitest';
 *
 * const response: CompositionResponse = { status: 200, text: '{"ok":true}' };
 * ```
 */
export interface CompositionResponse {
  status: number;
  text: string;
}

/**
 * The small uniform client a binding's test file writes around its client (fetch, ky, axios,
 * openapi-fetch, …) with the binding installed. `request` sends one request and answers its status
 * and body; it throws what the client throws (an `AuthError` when the token cannot be had).
 *
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import type { CompositionClient } from '@authwire/testing/vitest';
 *
 * const api = withAuth(provider);
 * const client: CompositionClient = {
 *   async request(url, init) {
 *     const res = await api(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body as string });
 *     return { status: res.status, text: await res.text() };
 *   },
 * };
 * ```
 */
export interface CompositionClient {
  request(url: string, init: CompositionRequestInit): Promise<CompositionResponse>;
}

/**
 * A factory of a provider the suite builds on the emulator: the adapter package's own
 * (`mastersIndia`, `unionService`, `oauth2`). The suite passes `options` (a memory store of the
 * test's own, an `onEvent` collecting events): a factory must honour them.
 *
 * @example
 * ```ts
 * import { mastersIndia } from '@authwire/masters-india';
 * import type { MastersIndiaMockConfig } from '@authwire/testing';
 * import type { CompositionProviderFactory } from '@authwire/testing/vitest';
 *
 * const factory: CompositionProviderFactory<MastersIndiaMockConfig> = mastersIndia;
 * ```
 */
export type CompositionProviderFactory<Config> = (config: Config, options?: TokenProviderOptions) => TokenProvider;

/**
 * What {@link describeCompositionConformance} needs to know of a client binding.
 *
 * @example
 * ```ts
 * import { withAuth } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 * import type { CompositionConformanceOptions } from '@authwire/testing/vitest';
 * import { unionService } from '@authwire/union-service';
 *
 * const options: CompositionConformanceOptions = {
 *   name: 'withAuth (fetch)',
 *   providers: { mastersIndia, unionService },
 *   oneShotBodies: { stream: true, asyncIterable: true },
 *   makeClient: (provider) => {
 *     const api = withAuth(provider);
 *     return {
 *       async request(url, init) {
 *         const res = await api(url, { method: init.method ?? 'GET', headers: init.headers ?? {} });
 *         return { status: res.status, text: await res.text() };
 *       },
 *     };
 *   },
 * };
 * ```
 */
export interface CompositionConformanceOptions {
  /** The binding's name, in the suite's title, e.g. `'withAuth (fetch)'`. */
  name: string;
  /**
   * Builds the client under test around `provider`, the binding installed with its default
   * options: a new client for each test. Its `request` must hand back every status (ky
   * `throwHttpErrors: false`, axios `validateStatus: () => true`), send a JSON object as JSON,
   * every other body as the client sends it, and throw what the client throws.
   */
  makeClient: (provider: TokenProvider) => CompositionClient;
  /**
   * The real provider factories, e.g. `{ mastersIndia, unionService }` or `{ oauth2 }` from the
   * adapter packages (passed in so that `@authwire/testing` does not depend on them); at least one.
   * The suite builds providers on its loopback emulator with them
   * (`mastersIndia(emulator.mastersIndia.config(), options)`) and runs its cases for each one given.
   */
  providers: {
    mastersIndia?: CompositionProviderFactory<MastersIndiaMockConfig>;
    unionService?: CompositionProviderFactory<UnionServiceMockConfig>;
    /** `oauth2` from `@authwire/oauth2`, on the emulator's OAuth2 realm (client credentials). */
    oauth2?: CompositionProviderFactory<OAuth2MockConfig>;
  };
  /**
   * Which one-shot bodies the client can send: `true` when it sends them (the suite then checks that
   * such a body is never replayed), or the reason it cannot, shown as the skipped test's name.
   */
  oneShotBodies: {
    /** A `ReadableStream<Uint8Array>` body. */
    stream: true | string;
    /** An `AsyncIterable<Uint8Array>` body (an async generator). */
    asyncIterable: true | string;
  };
}

/** One request the emulator or the foreign server received. */
interface Seen {
  /** The `cw` query parameter the suite tags its requests with. */
  id: string | null;
  path: string;
  authorization: string | null;
}

/** A loopback server on its own port — another origin — that records what it gets. */
interface Foreign {
  readonly origin: string;
  readonly seen: Seen[];
  close(): Promise<void>;
}

const tagOf = (url: string) => new URL(url).searchParams.get('cw');

/** Starts the foreign origin: 401 on `/rejecting` (as an API refusing a token would), 200 elsewhere. */
async function startForeign(): Promise<Foreign> {
  const seen: Seen[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    seen.push({
      id: url.searchParams.get('cw'),
      path: url.pathname,
      authorization: incoming.headers.authorization ?? null,
    });
    incoming.resume();
    const rejecting = url.pathname === '/rejecting';
    outgoing.writeHead(rejecting ? 401 : 200, {
      'content-type': 'application/json',
      ...(rejecting ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {}),
    });
    outgoing.end(JSON.stringify({ foreign: true }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The body kinds every binding must replay intact, and how their echo reads. */
const BODY_KINDS: readonly { kind: string; make(i: number): CompositionBody; check(echo: string, i: number): void }[] =
  [
    {
      kind: 'JSON',
      make: (i) => ({ n: i, text: 'ünïcode & "quotes"' }),
      check: (echo, i) => expect(JSON.parse(echo)).toEqual({ n: i, text: 'ünïcode & "quotes"' }),
    },
    { kind: 'text', make: (i) => `plain text ${i}`, check: (echo, i) => expect(echo).toBe(`plain text ${i}`) },
    {
      kind: 'URLSearchParams',
      make: (i) => new URLSearchParams({ n: String(i), q: 'a b&c' }),
      check: (echo, i) => expect(echo).toBe(new URLSearchParams({ n: String(i), q: 'a b&c' }).toString()),
    },
    {
      kind: 'FormData',
      make: (i) => {
        const form = new FormData();
        form.append('n', `form-${i}-value`);
        form.append('file', new Blob([`file-${i}-content`], { type: 'text/plain' }), 'f.txt');
        return form;
      },
      check: (echo, i) => {
        expect(echo).toMatch(new RegExp(`name="n"\\r\\n\\r\\nform-${i}-value\\r\\n`));
        expect(echo).toContain(`file-${i}-content`);
      },
    },
    {
      kind: 'Blob',
      make: (i) => new Blob([`blob ${i}`], { type: 'text/plain' }),
      check: (echo, i) => expect(echo).toBe(`blob ${i}`),
    },
    {
      kind: 'bytes',
      make: (i) => new TextEncoder().encode(`bytes ${i}`),
      check: (echo, i) => expect(echo).toBe(`bytes ${i}`),
    },
  ];

/** A one-shot body of `text`: a stream or an async iterable, read once only. */
function oneShot(kind: 'stream' | 'asyncIterable', text: string): CompositionBody {
  const bytes = new TextEncoder().encode(text);
  if (kind === 'stream') {
    return new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
  }
  return (async function* () {
    yield bytes;
  })();
}

type ProviderKey = 'mastersIndia' | 'unionService' | 'oauth2';

const PROVIDER_KEYS: readonly ProviderKey[] = ['mastersIndia', 'unionService', 'oauth2'];

/**
 * The suite every client binding passes, so that fetch, ky, axios and openapi-fetch behave alike
 * (DESIGN.md → Composition). Against a real loopback emulator (`startEmulator()`) and a second
 * loopback origin, with both providers built by the factories given, it checks, through the
 * client the binding's test file builds:
 * - the token goes only to the provider's origins (`token-withheld` reported once per origin);
 * - a caller's own `Authorization` is sent as it is, never replaced, and its 401 renews nothing;
 * - 100 concurrent requests rejected for one revoked token cost exactly one renewal upstream and
 *   are each replayed once with every kind of body intact (JSON, text, URLSearchParams, FormData,
 *   Blob, bytes);
 * - a permanent 401 sends each request at most twice (no loop);
 * - a one-shot body (stream, async iterable) is never replayed, and the next request gets a new token;
 * - a redirect to a foreign origin carries no token there, and its 401 renews nothing;
 * - Masters India's 403 `Signature has expired.` is a rejection; union-service's and an OAuth2
 *   API's 403 (`insufficient_scope`) are not;
 * - an OAuth2 token goes to the configured API origins only, never to the token endpoint's;
 * - a refused login surfaces as an `AuthError` with code `INVALID_CREDENTIALS`.
 *
 * The cases run for each provider factory given (`providers`): Masters India, union-service and
 * OAuth2 (each on the emulator).
 *
 * @param options - the binding's name, its client, the provider factories and its one-shot bodies
 * @example
 * ```ts
 * // test/composition-conformance.test.ts of a binding
 * import { withAuth } from '@authwire/core';
 * import { mastersIndia } from '@authwire/masters-india';
 * import { describeCompositionConformance } from '@authwire/testing/vitest';
 * import { unionService } from '@authwire/union-service';
 *
 * describeCompositionConformance({
 *   name: 'withAuth (fetch)',
 *   providers: { mastersIndia, unionService },
 *   oneShotBodies: { stream: true, asyncIterable: true },
 *   makeClient: (provider) => {
 *     const api = withAuth(provider);
 *     return {
 *       async request(url, { method = 'GET', headers = {}, body }) {
 *         const init: RequestInit & { duplex?: 'half' } = { method, headers, duplex: 'half' };
 *         if (typeof body === 'string') init.body = body;
 *         const res = await api(url, init);
 *         return { status: res.status, text: await res.text() };
 *       },
 *     };
 *   },
 * });
 * ```
 */
export function describeCompositionConformance(options: CompositionConformanceOptions): void {
  const keys = PROVIDER_KEYS.filter((key) => options.providers[key] !== undefined);
  if (keys.length === 0) {
    throw new TypeError(
      'describeCompositionConformance: providers names no factory (mastersIndia, unionService or oauth2)',
    );
  }
  describe(`${options.name}: composition conformance`, () => {
    let emulator: Emulator;
    let foreign: Foreign;
    /** Every request the emulator received, token requests included, in order. */
    let seen: Seen[];

    beforeEach(async () => {
      foreign = await startForeign();
      const recorded: Seen[] = [];
      seen = recorded;
      const target = foreign.origin;
      emulator = await startEmulator({
        handlers: [
          // Records, then answers nothing: the next handler answers.
          http.all(/.*/, ({ request }) => {
            const url = new URL(request.url);
            recorded.push({
              id: tagOf(request.url),
              path: url.pathname,
              authorization: request.headers.get('authorization'),
            });
          }),
          http.all(/\/conformance\/redirect$/, ({ request }) => {
            const location = `${target}/rejecting?cw=${tagOf(request.url) ?? ''}`;
            return new Response(null, { status: 307, headers: { location } });
          }),
        ],
      });
    });

    afterEach(async () => {
      await emulator.close();
      await foreign.close();
    });

    /** The provider of `key` on the emulator (`secret` replacing the one the mock accepts), and its mock. */
    function build(
      key: ProviderKey,
      providerOptions: TokenProviderOptions,
      secret: string | undefined,
      origins: string[] | undefined,
    ): { mock: ProviderMock; provider: TokenProvider } {
      const { mastersIndia, unionService, oauth2 } = options.providers;
      if (key === 'mastersIndia' && mastersIndia !== undefined) {
        const config = emulator.mastersIndia.config(secret === undefined ? {} : { password: secret });
        return { mock: emulator.mastersIndia, provider: mastersIndia(config, providerOptions) };
      }
      if (key === 'unionService' && unionService !== undefined) {
        const config = emulator.unionService.config(secret === undefined ? {} : { password: secret });
        return { mock: emulator.unionService, provider: unionService(config, providerOptions) };
      }
      if (key === 'oauth2' && oauth2 !== undefined) {
        const config = emulator.oauth2.config({
          ...(secret === undefined ? {} : { clientSecret: secret }),
          ...(origins === undefined ? {} : { origins }),
        });
        return { mock: emulator.oauth2, provider: oauth2(config, providerOptions) };
      }
      throw new TypeError(`describeCompositionConformance: no ${key} factory in providers`);
    }

    /**
     * A provider of `key` on the emulator, with a store and an event list of its own, and the
     * client; `origins` replaces an OAuth2 provider's.
     */
    function setup(key: ProviderKey, password?: string, origins?: string[]) {
      const events: AuthEvent[] = [];
      const providerOptions: TokenProviderOptions = {
        store: createMemoryStore(),
        onEvent: (event) => events.push(event),
      };
      const { mock, provider } = build(key, providerOptions, password, origins);
      const client = options.makeClient(provider);
      const renewals = () => mock.server.calls.login + mock.server.calls.refresh;
      /** The protected endpoint, tagged `id`. */
      const url = (id: string) => `${mock.protectedUrl}?cw=${id}`;
      /** The Authorization headers the emulator received for the requests tagged `id`, in order. */
      const sent = (id: string) => seen.filter((entry) => entry.id === id).map((entry) => entry.authorization);
      /** Sends a GET tagged `id` and checks it is answered 200 at the first try; returns the header it carried. */
      const works = async (id: string) => {
        const res = await client.request(url(id), {});
        expect(res.status, res.text).toBe(200);
        const headers = sent(id);
        expect(headers).toHaveLength(1);
        return headers[0];
      };
      return { provider, client, mock, events, renewals, url, sent, works };
    }

    for (const key of keys) {
      describe(key, () => {
        it('sends the token only to allowed origins, and reports a withheld origin once', async () => {
          const { client, events, works } = setup(key);
          expect(await works('allowed')).toMatch(/^(JWT|Bearer) /);
          for (const id of ['f1', 'f2']) {
            const res = await client.request(`${foreign.origin}/plain?cw=${id}`, {});
            expect(res.status).toBe(200);
          }
          expect(foreign.seen.map((entry) => [entry.id, entry.authorization])).toEqual([
            ['f1', null],
            ['f2', null],
          ]);
          const withheld = events.filter((event) => event.type === 'token-withheld');
          expect(withheld).toEqual([{ type: 'token-withheld', provider: expect.any(String), origin: foreign.origin }]);
        });

        it('leaves an explicit Authorization alone: sent as is, and its 401 renews nothing', async () => {
          const { client, mock, renewals, url, sent, works } = setup(key);
          const header = await works('warm');
          const before = renewals();
          const own = `${mock.scheme} caller-owned-credential`;
          const res = await client.request(url('own'), { headers: { Authorization: own } });
          expect(res.status).toBe(401);
          expect(sent('own')).toEqual([own]);
          expect(renewals()).toBe(before);
          expect(await works('after')).toBe(header);
        });

        it('100 concurrent requests rejected for one revoked token: one renewal, each replayed once, bodies intact', async () => {
          const { client, mock, renewals, url, sent, works } = setup(key);
          const revoked = await works('warm');
          const before = renewals();
          mock.server.revokeAccessTokens();
          // Holds the first answers back so that every request is sent with the revoked token.
          mock.server.fail('api', { type: 'delay', ms: 100 }, 100);
          const results = await Promise.all(
            Array.from({ length: 100 }, (_, i) => {
              const body = BODY_KINDS[i % BODY_KINDS.length];
              return client.request(url(`c${i}`), { method: 'POST', body: body?.make(i) ?? '' });
            }),
          );
          const replayed = sent('c0')[1];
          results.forEach((res, i) => {
            const kind = BODY_KINDS[i % BODY_KINDS.length];
            const what = `${kind?.kind} body #${i}`;
            expect({ status: res.status, sent: sent(`c${i}`) }, `${what}: ${res.text}`).toEqual({
              status: 200,
              sent: [revoked, replayed],
            });
            kind?.check((JSON.parse(res.text) as { echo: string }).echo, i);
          });
          expect(replayed).not.toBe(revoked);
          expect(renewals() - before).toBe(1);
        });

        it('a permanent 401 never loops: each request is sent at most twice', async () => {
          const { client, mock, url, sent, works } = setup(key);
          await works('warm');
          mock.server.fail('api', { type: 'status', status: 401 });
          const concurrent = await Promise.all(
            Array.from({ length: 10 }, (_, i) => client.request(url(`p${i}`), { method: 'POST', body: `body ${i}` })),
          );
          const sequential = [];
          for (let i = 10; i < 15; i++) sequential.push(await client.request(url(`p${i}`), {}));
          for (const [i, res] of [...concurrent, ...sequential].entries()) {
            expect(res.status).toBe(401);
            expect(sent(`p${i}`).length, `request #${i}`).toBeGreaterThanOrEqual(1);
            expect(sent(`p${i}`).length, `request #${i}`).toBeLessThanOrEqual(2);
          }
        });

        for (const kind of ['stream', 'asyncIterable'] as const) {
          const support = options.oneShotBodies[kind];
          const title = `a one-shot ${kind === 'stream' ? 'ReadableStream' : 'async iterable'} body is never replayed; the next request gets a new token`;
          it.skipIf(support !== true)(support === true ? title : `${title} (skipped: ${support})`, async () => {
            const { client, mock, renewals, url, sent, works } = setup(key);
            const revoked = await works('warm');
            const before = renewals();
            mock.server.revokeAccessTokens();
            const res = await client.request(url('once'), { method: 'POST', body: oneShot(kind, 'one-shot payload') });
            const replayed = sent('once').length > 1 ? ' (the one-shot body was replayed)' : '';
            expect({ status: res.status, sent: sent('once') }, `${res.text}${replayed}`).toEqual({
              status: 401,
              sent: [revoked],
            });
            const next = await works('next');
            expect(next).not.toBe(revoked);
            expect(renewals() - before).toBe(1);
          });
        }

        it('a redirect to a foreign origin carries no token there, and its 401 renews nothing', async () => {
          const { client, renewals, sent, works } = setup(key);
          const header = await works('warm');
          const before = renewals();
          const res = await client.request(`${emulator.url}/conformance/redirect?cw=hop`, {});
          expect(
            { status: res.status, sent: sent('hop') },
            'the redirecting request, sent once with the token',
          ).toEqual({
            status: 401,
            sent: [header],
          });
          expect(foreign.seen).toEqual([{ id: 'hop', path: '/rejecting', authorization: null }]);
          expect(renewals()).toBe(before);
          expect(await works('after')).toBe(header);
        });

        it('surfaces a refused login as an AuthError with code INVALID_CREDENTIALS', async () => {
          const { client, url, sent } = setup(key, 'a-wrong-password');
          const error = await client.request(url('refused'), {}).then(
            (res) => res,
            (e: unknown) => e,
          );
          expect(isAuthError(error) && error.code).toBe('INVALID_CREDENTIALS');
          expect(sent('refused')).toEqual([]);
        });
      });
    }

    if (keys.includes('mastersIndia')) {
      it('mastersIndia: a 403 "Signature has expired." is a rejection: one renewal, one replay, 200', async () => {
        const { client, mock, renewals, url, sent, works } = setup('mastersIndia');
        const header = await works('warm');
        const before = renewals();
        mock.server.fail('api', { type: 'status', status: 403, body: { detail: 'Signature has expired.' } }, 1);
        const res = await client.request(url('expired'), { method: 'POST', body: { a: 1 } });
        expect(res.status).toBe(200);
        expect(renewals() - before).toBe(1);
        const headers = sent('expired');
        expect(headers).toHaveLength(2);
        expect(headers[0]).toBe(header);
        expect(headers[1]).not.toBe(header);
      });
    }

    if (keys.includes('unionService')) {
      it('unionService: a 403 is not a rejection: returned as is, no renewal, no replay', async () => {
        const { client, mock, renewals, url, sent, works } = setup('unionService');
        const header = await works('warm');
        const before = renewals();
        mock.server.fail('api', { type: 'status', status: 403, body: { title: 'Forbidden', status: 403 } }, 1);
        const res = await client.request(url('forbidden'), { method: 'POST', body: { a: 1 } });
        expect(res.status).toBe(403);
        expect(sent('forbidden')).toEqual([header]);
        expect(renewals()).toBe(before);
      });
    }

    if (keys.includes('oauth2')) {
      it('oauth2: a 403 insufficient_scope is not a rejection: returned as is, no renewal, no replay', async () => {
        const { client, mock, renewals, url, sent, works } = setup('oauth2');
        const header = await works('warm');
        const before = renewals();
        mock.server.fail(
          'api',
          {
            type: 'status',
            status: 403,
            headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="orders:write"' },
          },
          1,
        );
        const res = await client.request(url('scope'), { method: 'POST', body: { a: 1 } });
        expect(res.status).toBe(403);
        expect(sent('scope')).toEqual([header]);
        expect(renewals()).toBe(before);
      });

      it("oauth2: the token goes to the API origins configured, never to the token endpoint's origin", async () => {
        const { client, events, renewals, url, sent } = setup('oauth2', undefined, [foreign.origin]);
        const res = await client.request(`${foreign.origin}/orders?cw=api`, {});
        expect(res.status).toBe(200);
        expect(foreign.seen).toEqual([
          { id: 'api', path: '/orders', authorization: expect.stringMatching(/^Bearer ey/) },
        ]);
        const realm = await client.request(url('realm'), {});
        expect(realm.status).toBe(401);
        expect(sent('realm')).toEqual([null]);
        expect(renewals()).toBe(1);
        const withheld = events.filter((event) => event.type === 'token-withheld');
        expect(withheld).toEqual([{ type: 'token-withheld', provider: 'oauth2', origin: emulator.url }]);
      });
    }
  });
}
