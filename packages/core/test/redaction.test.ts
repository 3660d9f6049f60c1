/**
 * Redaction (DESIGN.md invariant 7) of every form a provider may quote a secret in: as sent,
 * JSON-escaped once or twice, URL- or form-encoded, whitespace-collapsed, cut short; first the
 * redactor itself, then over HTTP through an adapter that quotes whole error bodies.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { exposedText, rejection } from '@authwire-tooling/reliability';
import { HttpResponse, http } from 'msw';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/errors/redactor.js';
import { redactAuthError, safeCause } from '../src/errors/safe-cause.js';
import { AuthError, baseUrlSchema, createMemoryStore, defineProvider, isAuthError } from '../src/index.js';
import { useMsw } from './fixtures/setup.js';

const server = useMsw();

/** The forms a secret may be quoted in, as a provider (or a proxy, or a log line) would. */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const encoded = [
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ];
  return [...new Set([...encoded, ...encoded.map((form) => form.replace(/\s+/g, ' ').trim())])];
}

/** The forms of `secrets` found in `text`. */
const leaked = (text: string, secrets: readonly string[]) =>
  secrets.flatMap(formsOf).filter((form) => text.includes(form));

describe('createRedactor', () => {
  const QUOTE = `Zq7"quote\\back-${randomUUID()}`;
  const SPACED = `a  b   c\t\td-${randomUUID()}`;

  it('redacts a secret in every form it can be quoted in', () => {
    const redactor = createRedactor([QUOTE, SPACED]);
    for (const form of [...formsOf(QUOTE), ...formsOf(SPACED)]) {
      expect(redactor.redact(`before ${form} after`), form).toBe('before [redacted] after');
    }
  });

  it('collects the string leaves of objects and arrays, skipping empty strings and cycles', () => {
    const body: Record<string, unknown> = { username: 'user-1', nested: [{ password: QUOTE }, ''], n: 3 };
    body.self = body;
    const redactor = createRedactor();
    redactor.add(body);
    redactor.add(undefined);
    expect(redactor.redact(`user-1 ${QUOTE} 3 x`)).toBe('[redacted] [redacted] 3 x');
  });

  it('cuts a secret containing another whole (longest first)', () => {
    const inner = `inner-${randomUUID()}`;
    const outer = `outer-${inner}-tail`;
    const redactor = createRedactor([inner, outer]);
    expect(redactor.redact(`${outer} / ${inner}`)).toBe('[redacted] / [redacted]');
  });

  it('redacts a truncated echo at the end of the text or before an ellipsis, from 8 characters on', () => {
    const redactor = createRedactor([QUOTE]);
    expect(redactor.redact(`refused: ${QUOTE.slice(0, 8)}`)).toBe('refused: [redacted]');
    expect(redactor.redact(`refused: ${QUOTE.slice(0, 12)}… (more)`)).toBe('refused: [redacted]… (more)');
    expect(redactor.redact(`refused: ${QUOTE.slice(0, 12)}... (more)`)).toBe('refused: [redacted]... (more)');
    const json = JSON.stringify(QUOTE).slice(1, -1);
    expect(redactor.redact(`"${json.slice(0, 15)}…"`)).toBe('"[redacted]…"');
    // Shorter starts are left alone: they would hit ordinary words.
    expect(redactor.redact(`refused: ${QUOTE.slice(0, 7)}`)).toBe(`refused: ${QUOTE.slice(0, 7)}`);
    // A start followed by more text is not a truncation.
    expect(redactor.redact(`${QUOTE.slice(0, 12)} and more`)).toBe(`${QUOTE.slice(0, 12)} and more`);
  });

  it('redacts a short string the attempt sent (a one-letter username) only where it stands alone', () => {
    const redactor = createRedactor();
    redactor.add({ username: 'u', password: 'p@1' });
    expect(redactor.redact('request {"username":"u","password":"p@1"} refused: u / p@1.')).toBe(
      'request {"username":"[redacted]","password":"[redacted]"} refused: [redacted] / [redacted].',
    );
  });

  it('redacts a declared secret of 4 characters or more everywhere, even inside a word', () => {
    const redactor = createRedactor(['pw7!']);
    redactor.add({ username: 'u' });
    expect(redactor.redact('xpw7!y refused u in unused')).toBe('x[redacted]y refused [redacted] in unused');
  });

  it('redacts anything JWT-shaped, whole or truncated, and does not shorten the text', () => {
    const redactor = createRedactor();
    expect(redactor.redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln and eyJhbGciOi.eyJz')).toBe(
      'token [redacted] and [redacted]',
    );
    const long = 'x'.repeat(5000);
    expect(redactor.redact(long)).toBe(long);
  });
});

describe('safeCause and redactAuthError', () => {
  const SECRET = `s3cret-${randomUUID()}`;
  const redact = createRedactor([SECRET]).redact;

  it('safeCause redacts every message of the chain and keeps no request, options or body objects', () => {
    const root = Object.assign(new Error(`connect failed for ${SECRET}`), { code: 'ECONNRESET' });
    const error = Object.assign(new TypeError(`fetch failed: {"password":"${SECRET}"}`, { cause: root }), {
      request: { body: SECRET },
      options: { json: { password: SECRET } },
    });
    const copy = safeCause(error, redact) as Error;
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe('fetch failed: {"password":"[redacted]"}');
    const cause = copy.cause as Error & { code?: unknown };
    expect(cause.message).toBe('connect failed for [redacted]');
    expect(cause.code).toBe('ECONNRESET');
    const shown = inspect(copy, { depth: 10, showHidden: true });
    expect(shown).not.toContain(SECRET);
    expect(shown).toContain('ECONNRESET');
  });

  it('redactAuthError returns the same error when nothing changes, a redacted copy otherwise', () => {
    const clean = new AuthError('RATE_LIMITED', 'acme: slow down', {
      provider: 'acme',
      status: 429,
      retryAfterMs: 5,
      cause: new Error('plain cause'),
    });
    expect(redactAuthError(clean, redact)).toBe(clean);

    const leaky = new AuthError('RATE_LIMITED', `acme: ${SECRET} refused`, {
      provider: 'acme',
      status: 429,
      retryAfterMs: 5,
      cause: new Error(`cause quoting ${SECRET}`, { cause: new Error(`root ${SECRET}`) }),
    });
    const copy = redactAuthError(leaky, redact);
    expect(copy).not.toBe(leaky);
    expect(isAuthError(copy)).toBe(true);
    expect(copy.toJSON()).toEqual({ ...leaky.toJSON(), message: 'acme: [redacted] refused' });
    expect(exposedText({ errors: [copy] })).not.toContain(SECRET);

    const deepLeak = new AuthError('PROVIDER_UNAVAILABLE', 'acme: failed', {
      provider: 'acme',
      cause: new Error('x', { cause: new Error(`root ${SECRET}`) }),
    });
    const deepCopy = redactAuthError(deepLeak, redact);
    expect(deepCopy).not.toBe(deepLeak);
    expect(deepCopy.message).toBe('acme: failed');
    expect(exposedText({ errors: [deepCopy] })).not.toContain(SECRET);
  });
});

// ——— over HTTP ———

const BASE = 'https://api.echo.test';
const USERNAME = 'echo-user@example.com';

/** An adapter that quotes a refused login's whole body, JSON-encoded as it stands. */
const echoing = defineProvider({
  name: 'echoing',
  configSchema: v.object({ baseUrl: baseUrlSchema(), username: v.string(), password: v.string() }),
  secretFields: ['password'],
  createAdapter: ({ baseUrl, username, password }) => ({
    baseUrl,
    account: username,
    async login(ctx) {
      const res = await ctx.request(`${baseUrl}/token`, { json: { username, password } });
      const detail = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      throw ctx.httpError(res, detail === undefined ? {} : { detail });
    },
  }),
});

/** The error of a login whose refusal is `answer(password)`, and what it shows. */
async function refusedWith(password: string, answer: (password: string) => Response) {
  server.use(http.post(`${BASE}/token`, () => answer(password)));
  const provider = echoing(
    { baseUrl: BASE, username: USERNAME, password },
    { store: createMemoryStore(), retry: { limit: 0 } },
  );
  const error = await rejection(provider.getToken());
  if (!isAuthError(error)) throw error;
  return { error, text: exposedText({ errors: [error], providers: [provider] }) };
}

const QUOTED = `Zq7"quote\\back-${randomUUID()}`;
const SPACED = `Wq  9x\t\tZr ${randomUUID()}`;

const refuse = (body: Record<string, string>) => HttpResponse.json(body, { status: 400 });
/** A JSON string body: quoted as it is (not re-encoded) by the adapter. */
const refuseText = (text: string) => HttpResponse.json(text, { status: 400 });

describe('over HTTP: a provider quoting a secret in any form never shows it', () => {
  it.each([
    ['JSON-escaped inside a JSON string', QUOTED, (pw: string) => refuse({ detail: `password "${pw}" refused` })],
    ['doubly JSON-escaped', QUOTED, (pw: string) => refuse({ upstream: JSON.stringify({ detail: `${pw} refused` }) })],
    ['URL-encoded', QUOTED, (pw: string) => refuse({ detail: `GET /check?password=${encodeURIComponent(pw)}` })],
    ['form-encoded (+ for spaces)', SPACED, (pw: string) => refuse({ body: new URLSearchParams({ pw }).toString() })],
    ['whitespace-collapsed by the provider', SPACED, (pw: string) => refuse({ detail: pw.replace(/\s+/g, ' ') })],
    ['as sent, with its whitespace, in a string body', SPACED, (pw: string) => refuseText(`login of "${pw}" refused`)],
    [
      'JSON-escaped and collapsed',
      `${SPACED}"q`,
      (pw: string) => refuse({ d: JSON.stringify(pw).replace(/\s+/g, ' ') }),
    ],
  ])('%s', async (_label, password, answer) => {
    const { error, text } = await refusedWith(password, answer);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toContain('[redacted]');
    expect(leaked(text, [password])).toEqual([]);
  });

  it('cut short by the provider, at the end or before an ellipsis', async () => {
    for (const answer of [
      (pw: string) => refuseText(`refused password ${pw.slice(0, 14)}`),
      (pw: string) => refuse({ detail: `refused password ${pw.slice(0, 14)}…`, more: 'x' }),
    ]) {
      const { error, text } = await refusedWith(QUOTED, answer);
      expect(error.message).toContain('[redacted]');
      expect(text).not.toContain(QUOTED.slice(0, 14));
    }
  });

  it('whitespace is collapsed after redaction, before the 600-character cap', async () => {
    const { error } = await refusedWith(QUOTED, () => refuseText(`first\n\n  second ${'y'.repeat(1000)}`));
    expect(error.message).toMatch(/^echoing: login failed with HTTP 400: first second y+…$/);
    expect(error.message.length).toBeLessThan(700);
  });
});
