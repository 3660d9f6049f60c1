export type { AdapterConformanceOptions } from './conformance/describe-adapter-conformance.js';
export { describeAdapterConformance } from './conformance/describe-adapter-conformance.js';
export type { FaultMatrixOptions } from './reliability/describe-fault-matrix.js';
export { describeFaultMatrix } from './reliability/describe-fault-matrix.js';
export type { StoreConformanceOptions } from './stores/describe-store-conformance.js';
export { describeStoreConformance } from './stores/describe-store-conformance.js';
export { useMswServer } from './vitest/use-msw-server.js';
