export type { AdapterConformanceOptions } from './conformance/describe-adapter-conformance.js';
export { describeAdapterConformance } from './conformance/describe-adapter-conformance.js';
export { useMswServer } from './vitest/use-msw-server.js';
