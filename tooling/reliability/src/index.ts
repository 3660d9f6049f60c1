export type { FaultMatrixDocOptions, FaultMatrixOptions } from './fault-matrix/describe-fault-matrix.js';
export { describeFaultMatrix, describeFaultMatrixDoc } from './fault-matrix/describe-fault-matrix.js';
export type { FaultCase, UpstreamCalls } from './fault-matrix/fault-case.js';
export { mastersIndiaFaultMatrix } from './fault-matrix/masters-india-fault-matrix.js';
export { oauth2FaultMatrix } from './fault-matrix/oauth2-fault-matrix.js';
export { renderFaultMatrix } from './fault-matrix/render-fault-matrix.js';
export { unionServiceFaultMatrix } from './fault-matrix/union-service-fault-matrix.js';
export {
  fetchCompositionClient,
  fetchInit,
  isJsonObject,
  kyCompositionClient,
} from './harness/composition-clients.js';
export { recordingStore } from './harness/recording-store.js';
export { codeForStatus, isTransient } from './oracles/core-rules.js';
export type { AnswerCode } from './oracles/renewal-outcome.js';
export { afterRefresh, servedExpiresAt } from './oracles/renewal-outcome.js';
export type { ConfigPropertyOptions, GeneratedConfig, GeneratedPassword } from './properties/config-properties.js';
export {
  baseUrlArbitraries,
  configArbitrary,
  describeConfigProperties,
  passwordArbitrary,
} from './properties/config-properties.js';
export type {
  FoundToken,
  ParserPropertyOptions,
  TokenAnswer,
  TokenAnswerSpace,
} from './properties/parser-properties.js';
export {
  answerJson,
  answerText,
  describeParserProperties,
  replyWith,
  settleWithin,
  tokenAnswerArbitrary,
  tokenAnswerProperties,
} from './properties/parser-properties.js';
export type { SecretsAudit, SecretsAuditOptions } from './secrets/describe-secrets-audit.js';
export { describeSecretsAudit } from './secrets/describe-secrets-audit.js';
export type { Exposed } from './secrets/exposed-text.js';
export { exposedText, secretsIn } from './secrets/exposed-text.js';
export { authErrorOf, rejection } from './secrets/rejection.js';
