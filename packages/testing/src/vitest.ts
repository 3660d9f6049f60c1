export type {
  AdapterConformanceContext,
  AdapterConformanceOptions,
} from './conformance/describe-adapter-conformance.js';
export { describeAdapterConformance } from './conformance/describe-adapter-conformance.js';
export type {
  CompositionBody,
  CompositionClient,
  CompositionConformanceOptions,
  CompositionProviderFactory,
  CompositionRequestInit,
  CompositionResponse,
} from './conformance/describe-composition-conformance.js';
export { describeCompositionConformance } from './conformance/describe-composition-conformance.js';
export type { StoreConformanceOptions } from './stores/describe-store-conformance.js';
export { describeStoreConformance } from './stores/describe-store-conformance.js';
export { useMswServer } from './vitest/use-msw-server.js';
