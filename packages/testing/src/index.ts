export type { AdapterConformanceOptions } from './conformance/describe-adapter-conformance.js';
export { describeAdapterConformance } from './conformance/describe-adapter-conformance.js';
export { fakeJwt } from './server/fake-jwt.js';
export type { Fault } from './server/faults.js';
export { faultResponse } from './server/faults.js';
export { protectedResponse } from './server/protected-endpoint.js';
export type { ProviderMock } from './server/provider-mock.js';
export type {
  CallCounts,
  FaultTarget,
  IssuedTokens,
  RefreshOutcome,
  TokenServerOptions,
} from './server/token-server.js';
export { TokenServer } from './server/token-server.js';
