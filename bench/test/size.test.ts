import { describe, expect, it } from 'vitest';
import { AUTHWIRE_ENTRIES, BUDGETS, bundleSize, checkBuilt, DEPENDENCIES } from '../src/size.js';

// DESIGN.md → Performance targets → Size. Measured on the built dist (`pnpm test` builds first).
//
// KNOWN GAP (issue 8 stays open until it closes): core + one adapter measures about 10.0 KB
// gzipped without ky/valibot/jwt-decode (budget 3 KB) and about 16.5 KB with every dependency
// (budget 9 KB); bench/results.md has the breakdown. The DESIGN budgets are therefore expected
// failures: the day a bundle fits, its `it.fails` turns red and must become a plain `it`.
// Meanwhile CEILING, today's size plus a few percent, is a real limit: the bundle may shrink,
// never grow. Issue #11 raised it from 6,900 / 13,600 B: credential binding (PBKDF2), versions,
// per-provider views, store validation and timeouts, whole-attempt deadlines, the redactor of
// every echoed form and readable network errors measured 9,290–9,370 / 15,775–15,789 B. The
// composition mechanism (isTokenRejected, headerName, token-withheld, one-shot invalidation, the
// Masters India 403 reading) brought it to 9,850–10,003 / 16,279–16,468 B. Issue #14 (static keys
// and Masters India's apiKey through them, config messages naming the closest key, normalised
// answer keys, credential-header redaction, the failed operation in events) brought it to
// 11,352–11,773 B without deps. Issue #17 owns the cut.
const CEILING = { withoutDeps: 12_100, allDeps: 18_900 } as const;

describe('size: core + one adapter, minified and gzipped', () => {
  const budgeted = AUTHWIRE_ENTRIES.filter((entry) => entry.budgeted);

  it('measures the built packages', async () => {
    await expect(checkBuilt()).resolves.toBeDefined();
  });

  for (const entry of budgeted) {
    it(`${entry.name}: never grows past ${CEILING.withoutDeps} B without deps, ${CEILING.allDeps} B with all`, async () => {
      await checkBuilt();
      const without = (await bundleSize(entry.source, DEPENDENCIES)).gzipped;
      const all = (await bundleSize(entry.source)).gzipped;
      expect(without, `${entry.name}: ${without} B gzipped without deps`).toBeLessThanOrEqual(CEILING.withoutDeps);
      expect(all, `${entry.name}: ${all} B gzipped with all deps`).toBeLessThanOrEqual(CEILING.allDeps);
    });

    it.fails(`${entry.name}: ≤ ${BUDGETS.withoutDeps} B without ky, valibot, jwt-decode (DESIGN; known gap)`, async () => {
      await checkBuilt();
      const { gzipped } = await bundleSize(entry.source, DEPENDENCIES);
      expect(gzipped).toBeLessThanOrEqual(BUDGETS.withoutDeps);
    });

    it.fails(`${entry.name}: ≤ ${BUDGETS.allDeps} B with every dependency bundled (DESIGN; known gap)`, async () => {
      await checkBuilt();
      const { gzipped } = await bundleSize(entry.source);
      expect(gzipped).toBeLessThanOrEqual(BUDGETS.allDeps);
    });
  }
});
