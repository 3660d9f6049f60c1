// Core's own token requests on ky 2 (AUTHWIRE_KY2_SCOPE=all only): both adapters through the
// adapter conformance suite, as when an app's ky 2 also satisfies core's optional `ky` peer.
import { mastersIndia } from '@authwire/masters-india';
import { mastersIndiaHandlers, unionServiceHandlers } from '@authwire/testing';
import { describeAdapterConformance } from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';

describeAdapterConformance({ factory: mastersIndia, mock: mastersIndiaHandlers, refresh: true });
describeAdapterConformance({ factory: unionService, mock: unionServiceHandlers, refresh: true });
