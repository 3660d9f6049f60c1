// authHooks with ky 2 through the same composition conformance suite as fetch, ky 1, axios and
// openapi-fetch (packages/core/test/composition-conformance.test.ts). Run under Node 22 by
// packages/core/test/ky2.test.ts with tooling/ky2/vitest.config.ts, which resolves `ky` here to
// ky 2 (and, with AUTHWIRE_KY2_SCOPE=all, in core too).
import { readFileSync } from 'node:fs';
import { authHooks } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { describeCompositionConformance } from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';
import { kyCompositionClient } from '@authwire-tooling/reliability';
import ky from 'ky';
import { expect, it } from 'vitest';

it('runs ky 2 on Node ≥ 22 (the suite below would prove nothing on ky 1)', async () => {
  const kyPackage = new URL('../node_modules/ky/package.json', import.meta.url);
  expect(JSON.parse(readFileSync(kyPackage, 'utf8')).version).toMatch(/^2\./);
  // ky 2 only: `ky.retry()` forces a retry from an afterResponse hook (absent in ky 1).
  expect(typeof (ky as unknown as { retry?: unknown }).retry).toBe('function');
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
});

describeCompositionConformance({
  name: `authHooks (ky 2, core on ky ${process.env.AUTHWIRE_KY2_SCOPE === 'all' ? '2' : '1'})`,
  providers: { mastersIndia, unionService },
  oneShotBodies: { stream: true, asyncIterable: true },
  makeClient: (provider) =>
    kyCompositionClient(ky.create({ hooks: authHooks(provider), throwHttpErrors: false, retry: 0 })),
});
