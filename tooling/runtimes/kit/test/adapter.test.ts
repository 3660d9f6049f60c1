/** The adapter conformance suite, from the packed kit, against the packed union-service adapter. */
import { unionServiceHandlers } from '@authwire/testing';
import { describeAdapterConformance } from '@authwire/testing/vitest';
import { unionService } from '@authwire/union-service';

describeAdapterConformance({ factory: unionService, mock: unionServiceHandlers, refresh: true });
