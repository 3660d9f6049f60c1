export { combineHandlers } from './combine-handlers.js';
export type { InstrumentAuthwireOptions } from './instrument-authwire.js';
export { instrumentAuthwire } from './instrument-authwire.js';
// Internal on purpose: the names in names.ts (README.md lists them), createInstruments, renewalOf.
