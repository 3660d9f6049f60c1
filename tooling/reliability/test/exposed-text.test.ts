import { describe, expect, it } from 'vitest';
import { exposedText, secretsIn } from '../src/index.js';

const SECRET = 'pw-0123456789abcdefghijklmnopqrstuvwxyz-end';
const JWT =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhdWRpdG9yIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLW9mLXRoZS1hdWRpdA';

describe('the secrets audit finds what it looks for', () => {
  it('exposedText shows errors through their whole cause chain, events and providers', () => {
    const error = new Error('outer', { cause: new Error('middle', { cause: { detail: `inner ${SECRET}` } }) });
    expect(exposedText({ errors: [error] })).toContain(SECRET);
    expect(exposedText({ events: [{ type: 'login', said: SECRET }] })).toContain(SECRET);
    const provider = Object.defineProperty({}, 'hidden', { value: SECRET, enumerable: false });
    expect(exposedText({ providers: [provider] })).toContain(SECRET);
  });

  it('secretsIn finds a secret whole or cut short, never a shared JWT header or an empty string', () => {
    expect(secretsIn(`said ${SECRET}.`, [SECRET])).toEqual([SECRET]);
    expect(secretsIn(`cut: ${SECRET.slice(5, 5 + 36)}…`, [SECRET])).toEqual([SECRET]);
    expect(secretsIn(`short: ${SECRET.slice(0, 10)}`, [SECRET])).toEqual([]);
    expect(secretsIn(`another token: ${JWT.split('.')[0]}.eyJvdGhlciI6dHJ1ZX0.c2ln`, [JWT])).toEqual([]);
    expect(secretsIn(`leaked: ${JWT.slice(JWT.indexOf('.') + 1)}`, [JWT])).toEqual([JWT]);
    expect(secretsIn('anything', ['', undefined])).toEqual([]);
  });
});
