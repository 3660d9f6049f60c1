import { describeAdapterConformance, mastersIndiaHandlers } from '@authwire/testing';
import { mastersIndia } from '../src/index.js';

describeAdapterConformance({ factory: mastersIndia, mock: mastersIndiaHandlers, refresh: true });
