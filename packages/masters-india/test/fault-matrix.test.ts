import { mastersIndiaHandlers } from '@authwire/testing';
import { describeFaultMatrix, describeFaultMatrixDoc, mastersIndiaFaultMatrix } from '@authwire-tooling/reliability';
import { mastersIndia } from '../src/index.js';

describeFaultMatrix({ factory: mastersIndia, mock: mastersIndiaHandlers, cases: mastersIndiaFaultMatrix });

describeFaultMatrixDoc({
  doc: new URL('../../../docs/reliability.md', import.meta.url),
  section: 'masters-india',
  provider: 'Masters India',
  cases: mastersIndiaFaultMatrix,
});
