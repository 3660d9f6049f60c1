import { unionServiceHandlers } from '@authwire/testing';
import { describeFaultMatrix, describeFaultMatrixDoc, unionServiceFaultMatrix } from '@authwire-tooling/reliability';
import { unionService } from '../src/index.js';

describeFaultMatrix({ factory: unionService, mock: unionServiceHandlers, cases: unionServiceFaultMatrix });

describeFaultMatrixDoc({
  doc: new URL('../../../docs/reliability.md', import.meta.url),
  section: 'union-service',
  provider: 'union-service',
  cases: unionServiceFaultMatrix,
});
