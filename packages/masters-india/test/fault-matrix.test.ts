import { readFile } from 'node:fs/promises';
import { mastersIndiaFaultMatrix, mastersIndiaHandlers, renderFaultMatrix } from '@authwire/testing';
import { describeFaultMatrix } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { mastersIndia } from '../src/index.js';

describeFaultMatrix({ factory: mastersIndia, mock: mastersIndiaHandlers, cases: mastersIndiaFaultMatrix });

describe('docs/reliability.md', () => {
  it('lists exactly the rows of the Masters India fault matrix', async () => {
    const doc = await readFile(new URL('../../../docs/reliability.md', import.meta.url), 'utf8');
    const [, table] =
      /<!-- fault-matrix:masters-india -->\n([\s\S]*?)<!-- \/fault-matrix:masters-india -->/.exec(doc) ?? [];
    expect(table, 'the doc has a masters-india fault-matrix section').toBeDefined();
    expect(table).toBe(renderFaultMatrix(mastersIndiaFaultMatrix));
    expect(mastersIndiaFaultMatrix.length).toBeGreaterThanOrEqual(30);
  });
});
