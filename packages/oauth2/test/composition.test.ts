import { withAuth } from '@authwire/core';
import { describeCompositionConformance } from '@authwire/testing/vitest';
import { fetchCompositionClient } from '@authwire-tooling/reliability';
import { oauth2 } from '../src/index.js';

// The emulator's OAuth2 realm (client credentials, client_secret_basic), through withAuth.
describeCompositionConformance({
  name: 'withAuth (fetch) with oauth2',
  providers: { oauth2 },
  oneShotBodies: { stream: true, asyncIterable: true },
  makeClient: (provider) => fetchCompositionClient(withAuth(provider)),
});
