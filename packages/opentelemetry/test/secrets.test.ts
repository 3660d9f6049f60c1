import type { AccessToken, TokenStore } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import {
  type Fault,
  fakeClock,
  mastersIndiaHandlers,
  mockedProvider,
  type TokenServerOptions,
  unionServiceHandlers,
} from '@authwire/testing';
import { useMswServer } from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';
import { secretsIn } from '@authwire-tooling/reliability';
import { describe, expect, it } from 'vitest';
import { instrumentAuthwire } from '../src/index.js';
import { HOUR, PASSWORD, START } from './fixtures/setup.js';
import { telemetry } from './fixtures/telemetry.js';

const server = useMswServer();
// An identifier: Masters India's adapter quotes field names that look like one.
const WRONG = 'wr0ng_Pa55word_of_the_other_z9';

/** A store that fails every write quoting what it was given: the tokens. */
const quotingStore = (): TokenStore => ({
  get: async () => undefined,
  set: async (_key, entry) => {
    throw new Error(`cannot write ${JSON.stringify(entry)}`);
  },
  delete: async () => undefined,
});

const adapters = [
  {
    name: 'mastersIndia',
    factory: mastersIndia,
    mock: (options: TokenServerOptions) => mastersIndiaHandlers(options),
    // A 400 keyed by what it was sent: the adapter quotes the field names of a 400.
    echo: { type: 'status', status: 400, body: { username: ['invalid'], [WRONG]: ['unexpected field'] } } as Fault,
  },
  {
    name: 'unionService',
    factory: unionService,
    mock: (options: TokenServerOptions) => unionServiceHandlers(options),
    // Keycloak behind the gateway, echoing the credentials it refused.
    echo: {
      type: 'status',
      status: 401,
      body: { error: 'invalid_grant', error_description: `Invalid user credentials (password ${WRONG})` },
    } as Fault,
  },
] as const;

describe.each(adapters)('$name: nothing secret is ever exported', ({ factory, mock, echo }) => {
  it('logins, refreshes, a store quoting the tokens, refusals echoing the password: no password or token in any span, event, status or metric', async () => {
    const otel = telemetry();
    const onEvent = instrumentAuthwire({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
    const harness = mockedProvider({
      // biome-ignore lint/suspicious/noExplicitAny: either adapter's factory
      factory: factory as any,
      mock: (onClock) => mock({ ...onClock, password: PASSWORD, accessLifetimeMs: HOUR, refreshLifetimeMs: 24 * HOUR }),
      msw: server,
      clock: fakeClock(START),
      options: { onEvent, store: quotingStore() },
    });
    const tokens: AccessToken[] = [await harness.provider.getToken()];
    harness.clock.advance(HOUR);
    tokens.push(await harness.provider.getToken());
    expect(harness.calls).toMatchObject({ login: 1, refresh: 1 });

    const other = harness.make({ username: 'other@example.com', password: WRONG });
    await expect(other.getToken()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    harness.mock.server.fail('login', echo, 1);
    const echoed = harness.make({ username: 'echoed@example.com', password: WRONG });
    await expect(echoed.getToken()).rejects.toThrow();

    const exported = await otel.exportedText();
    const secrets = [PASSWORD, WRONG, ...tokens.flatMap((token) => [token.value, token.refreshToken])];
    expect(secretsIn(exported, secrets)).toEqual([]);
    // Not vacuous: the failures, the store's errors and an echo (redacted by core) were exported.
    expect(exported).toContain('INVALID_CREDENTIALS');
    expect(exported).toContain('authwire.store.errors');
    expect(exported).toContain('[redacted]');
    expect(harness.events.some((event) => event.type === 'store-error')).toBe(true);
  });
});
