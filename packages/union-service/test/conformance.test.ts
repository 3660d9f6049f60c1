import { unionServiceHandlers } from '@authwire/testing';
import { describeAdapterConformance } from '@authwire/testing/vitest';
import { describe } from 'vitest';
import { unionService } from '../src/index.js';

// The auth page's snake_case answers, Keycloak's refusals passed through (401 / 400 invalid_grant).
describeAdapterConformance({ factory: unionService, mock: unionServiceHandlers, refresh: true });

describe('camelCase answers, Keycloak refusals wrapped in a 500 ProblemDetails', () => {
  describeAdapterConformance({
    factory: unionService,
    mock: (options) => unionServiceHandlers({ ...options, casing: 'camel', wrapKeycloakErrors: true }),
    refresh: true,
  });
});

// The union's documents spell the token answer in four casings: every one is read by normalised key.
describe.each(['pascal', 'kebab'] as const)('%s answers', (casing) => {
  describeAdapterConformance({
    factory: unionService,
    mock: (options) => unionServiceHandlers({ ...options, casing }),
    refresh: true,
  });
});
