import { describeAdapterConformance } from '@authwire/testing';
import { acme, acmeHandlers } from './fixtures/acme.js';

describeAdapterConformance({ factory: acme, mock: acmeHandlers, refresh: true });
