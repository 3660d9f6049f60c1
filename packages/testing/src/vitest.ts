export type { AdapterConformanceOptions } from './conformance/describe-adapter-conformance.js';
export { describeAdapterConformance } from './conformance/describe-adapter-conformance.js';
export type {
  ConfigPropertyOptions,
  GeneratedConfig,
  GeneratedPassword,
} from './reliability/config-properties.js';
export {
  baseUrlArbitraries,
  configArbitrary,
  describeConfigProperties,
  passwordArbitrary,
} from './reliability/config-properties.js';
export type { FaultMatrixDocOptions, FaultMatrixOptions } from './reliability/describe-fault-matrix.js';
export { describeFaultMatrix, describeFaultMatrixDoc } from './reliability/describe-fault-matrix.js';
export type { SecretsAudit, SecretsAuditOptions } from './reliability/describe-secrets-audit.js';
export { describeSecretsAudit } from './reliability/describe-secrets-audit.js';
export type {
  AnswerCode,
  FoundToken,
  ParserPropertyOptions,
  TokenAnswer,
  TokenAnswerSpace,
} from './reliability/parser-properties.js';
export {
  answerJson,
  answerText,
  codeOfStatus,
  describeParserProperties,
  replyWith,
  settleWithin,
  tokenAnswerArbitrary,
  tokenAnswerProperties,
} from './reliability/parser-properties.js';
export type { StoreConformanceOptions } from './stores/describe-store-conformance.js';
export { describeStoreConformance } from './stores/describe-store-conformance.js';
export { useMswServer } from './vitest/use-msw-server.js';
