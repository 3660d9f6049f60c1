/**
 * The mocks' `config()` is typed with each adapter's config, declared structurally in this
 * package (it does not depend on the adapters): these checks fail `pnpm typecheck` when the two
 * drift apart, in either direction.
 */
import { type MastersIndiaConfig, mastersIndia } from '@authwire/masters-india';
import { type UnionServiceConfig, unionService } from '@authwire/union-service';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type MastersIndiaMockConfig,
  mastersIndiaHandlers,
  type UnionServiceMockConfig,
  unionServiceHandlers,
} from '../src/index.js';

describe("the mocks' config types", () => {
  it("are the adapters' config types", () => {
    expectTypeOf<MastersIndiaMockConfig>().toExtend<MastersIndiaConfig>();
    expectTypeOf<MastersIndiaConfig>().toExtend<MastersIndiaMockConfig>();
    expectTypeOf<UnionServiceMockConfig>().toExtend<UnionServiceConfig>();
    expectTypeOf<UnionServiceConfig>().toExtend<UnionServiceMockConfig>();
  });

  it('give a config each factory takes as it is, overrides typed', () => {
    const mi = mastersIndiaHandlers();
    const us = unionServiceHandlers();
    expect(mastersIndia(mi.config({ apiVersion: 'v2', bodyEncoding: 'form' })).name).toBe('masters-india');
    expect(unionService(us.config({ apiVersion: '2.0' })).name).toBe('union-service');
    // @ts-expect-error: not an apiVersion of Masters India
    mi.config({ apiVersion: 'v3' });
  });
});
