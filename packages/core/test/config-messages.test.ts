/**
 * The wording of CONFIG_INVALID, pinned: one line per field, saying the field, what was expected
 * and, for an unknown key, the closest known key — never a value.
 */
import { mastersIndia } from '@authwire/masters-india';
import { unionService } from '@authwire/union-service';
import { describe, expect, it } from 'vitest';
import { createProvider, isAuthError, staticKey } from '../src/index.js';

const SECRET = 'pw-N3ver-Shown-in-config-errors';

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isAuthError(error) && error.code === 'CONFIG_INVALID') {
      expect(error.message).not.toContain(SECRET);
      return error.message;
    }
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('CONFIG_INVALID wording', () => {
  it('a header value that is not a string', () => {
    expect(message(() => mastersIndia({ username: 'u', password: SECRET, headers: { X: undefined } } as never))).toBe(
      'masters-india: invalid config: headers.X\n  - headers.X: must be a string',
    );
  });

  it('a missing field says it is required (not `expected "username"`)', () => {
    expect(message(() => mastersIndia({ password: SECRET } as never))).toBe(
      'masters-india: invalid config: username\n  - username: required (or apiKey alone)',
    );
    expect(message(() => staticKey({ origins: ['https://api.example.com'] } as never))).toBe(
      'static-key: invalid config: value\n  - value: required',
    );
  });

  it('a typo names the closest known key (not `expected never`)', () => {
    expect(message(() => mastersIndia({ username: 'u', password: SECRET, apiVersoin: 'v2' } as never))).toBe(
      'masters-india: invalid config: apiVersoin\n  - apiVersoin: unknown option (did you mean apiVersion?)',
    );
    expect(
      message(() => unionService({ baseURL: 'https://union.example.com', username: 'u', password: SECRET } as never)),
    ).toBe(
      'union-service: invalid config: baseUrl, baseURL\n  - baseUrl: required\n  - baseURL: unknown option (did you mean baseUrl?)',
    );
  });

  it('an unknown key far from every known one gets no suggestion', () => {
    expect(message(() => mastersIndia({ username: 'u', password: SECRET, colour: 'blue' } as never))).toBe(
      'masters-india: invalid config: colour\n  - colour: unknown option',
    );
  });

  it('a secret pasted as a key is never shown, nor suggested from', () => {
    expect(message(() => mastersIndia({ username: 'u', password: SECRET, [SECRET]: 1 } as never))).toMatch(
      /^masters-india: invalid config: \[redacted\]\n {2}- \[redacted\]: unknown option$/,
    );
  });

  it('one line per field, each with what was expected', () => {
    expect(
      message(() => mastersIndia({ username: 1, password: '', apiVersion: 'v9', environment: 'prod' } as never)),
    ).toBe(
      [
        'masters-india: invalid config: username, password, environment, apiVersion',
        '  - username: must be a string',
        '  - password: must not be empty',
        '  - environment: must be "platform", "sandbox" or "production"',
        '  - apiVersion: must be "v1" or "v2"',
      ].join('\n'),
    );
  });

  it('provider: 7 says the provider must be a string, not that it is missing', () => {
    expect(message(() => createProvider({ provider: 7 }, { providers: [mastersIndia, unionService] }))).toBe(
      'invalid config: provider must be a string naming one of: masters-india, union-service',
    );
    expect(message(() => createProvider({}, { providers: [mastersIndia] }))).toBe(
      'invalid config: provider is missing (one of: masters-india; from the environment: AUTHWIRE_PROVIDER)',
    );
  });
});
