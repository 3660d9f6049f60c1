import { oauth2Handlers } from '@authwire/testing';
import { describeFaultMatrix, describeFaultMatrixDoc, oauth2FaultMatrix } from '@authwire-tooling/reliability';
import { oauth2 } from '../src/index.js';

// The password grant: the realm issues refresh tokens, so that every refresh row has one to spend.
describeFaultMatrix({
  factory: oauth2,
  mock: (options) => oauth2Handlers({ ...options, grant: 'password' }),
  cases: oauth2FaultMatrix,
});

describeFaultMatrixDoc({
  doc: new URL('../../../docs/reliability.md', import.meta.url),
  section: 'oauth2',
  provider: 'OAuth2',
  cases: oauth2FaultMatrix,
});
