import { mastersIndiaHandlers } from '@authwire/testing';
import { describeAdapterConformance } from '@authwire/testing/vitest';
import { mastersIndia } from '../src/index.js';

describeAdapterConformance({ factory: mastersIndia, mock: mastersIndiaHandlers, refresh: true });
