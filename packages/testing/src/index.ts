export type { Emulator, EmulatorLogEntry, EmulatorOptions } from './emulator/start-emulator.js';
export { startEmulator } from './emulator/start-emulator.js';
export type { MockedProvider, MockedProviderOptions } from './harness/mocked-provider.js';
export { mockedProvider } from './harness/mocked-provider.js';
export type { MastersIndiaHandlersOptions, MastersIndiaMock } from './masters-india/handlers.js';
export { MASTERS_INDIA_SAMPLE_TOKENS, mastersIndiaHandlers } from './masters-india/handlers.js';
export type {
  MastersIndiaMockConfig,
  MastersIndiaMockKeyConfig,
  MastersIndiaMockLoginConfig,
} from './masters-india/mock-config.js';
export type { OAuth2Discovery, OAuth2HandlersOptions, OAuth2Mock } from './oauth2/handlers.js';
export { oauth2Handlers } from './oauth2/handlers.js';
export type { OAuth2MockConfig } from './oauth2/mock-config.js';
export type { RedisServer } from './redis/start-redis-server.js';
export { freePort, redisServerInstalled, startRedisServer } from './redis/start-redis-server.js';
export type { FakeClock } from './server/fake-clock.js';
export { fakeClock } from './server/fake-clock.js';
export { fakeJwt } from './server/fake-jwt.js';
export type { Fault } from './server/faults.js';
export { faultResponse } from './server/faults.js';
export { protectedResponse } from './server/protected-endpoint.js';
export type { ProviderMock } from './server/provider-mock.js';
export type {
  CallCounts,
  FaultTarget,
  IssuedTokens,
  Received,
  ReceivedTokenRequest,
  RefreshOutcome,
  TokenServerOptions,
} from './server/token-server.js';
export { TokenServer } from './server/token-server.js';
export type { UnionServiceHandlersOptions, UnionServiceMock } from './union-service/handlers.js';
export { unionServiceHandlers } from './union-service/handlers.js';
export type { UnionServiceMockConfig } from './union-service/mock-config.js';
// Test-runner helpers (they import vitest) live in '@authwire/testing/vitest'.
