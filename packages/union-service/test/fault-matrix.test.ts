import { readFile } from 'node:fs/promises';
import { renderFaultMatrix, unionServiceFaultMatrix, unionServiceHandlers } from '@authwire/testing';
import { describeFaultMatrix } from '@authwire/testing/vitest';
import { describe, expect, it } from 'vitest';
import { unionService } from '../src/index.js';

describeFaultMatrix({ factory: unionService, mock: unionServiceHandlers, cases: unionServiceFaultMatrix });

describe('docs/reliability.md', () => {
  it('lists exactly the rows of the union-service fault matrix', async () => {
    const doc = await readFile(new URL('../../../docs/reliability.md', import.meta.url), 'utf8');
    const [, table] =
      /<!-- fault-matrix:union-service -->\n([\s\S]*?)<!-- \/fault-matrix:union-service -->/.exec(doc) ?? [];
    expect(table, 'the doc has a union-service fault-matrix section').toBeDefined();
    expect(table).toBe(renderFaultMatrix(unionServiceFaultMatrix));
    expect(unionServiceFaultMatrix.length).toBeGreaterThanOrEqual(30);
  });
});
