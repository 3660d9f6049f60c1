import { describeAdapterConformance } from '@authwire/testing/vitest';
import { acme } from './fixtures/acme.js';
import { acmeMock } from './fixtures/setup.js';

describeAdapterConformance({ factory: acme, mock: acmeMock, refresh: true });
