import { describeAdapterConformance } from '@authwire/testing/vitest';
import { acme, acmeHandlers } from './fixtures/acme.js';

describeAdapterConformance({ factory: acme, mock: acmeHandlers, refresh: true });
