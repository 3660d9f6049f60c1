/**
 * `oauth2Handlers().config()` is typed with the adapter's config, declared structurally in
 * `@authwire/testing` (which does not depend on the adapter): these checks fail `pnpm typecheck`
 * when the two drift apart, in either direction.
 */
import { type OAuth2MockConfig, oauth2Handlers } from '@authwire/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type OAuth2Config, oauth2 } from '../src/index.js';

describe("the realm mock's config type", () => {
  it("is the adapter's config type", () => {
    expectTypeOf<OAuth2MockConfig>().toExtend<OAuth2Config>();
    expectTypeOf<OAuth2Config>().toExtend<OAuth2MockConfig>();
  });

  it('gives a config the factory takes as it is, in each of its shapes, overrides typed', () => {
    expect(oauth2(oauth2Handlers().config({ clientAuth: 'post', scope: 'orders:read' })).name).toBe('oauth2');
    expect(oauth2(oauth2Handlers({ grant: 'password', endpoint: 'issuer' }).config()).origins).toEqual([
      'https://sso.example.com',
    ]);
    // @ts-expect-error: not a grant of the adapter
    oauth2Handlers().config({ grant: 'authorization_code' });
  });
});
