export type { AuthHooks, AuthHooksOptions } from './compose/auth-hooks.js';
export { authHooks } from './compose/auth-hooks.js';
export type { AuthMiddleware, AuthMiddlewareOptions } from './compose/auth-middleware.js';
export { authMiddleware } from './compose/auth-middleware.js';
export type { AuthPolicy, AuthPolicyOptions, HeaderSource } from './compose/auth-policy.js';
export { authPolicy } from './compose/auth-policy.js';
export type { SentRequest } from './compose/sent-records.js';
export { headerValueOf, tokenOfHeader } from './compose/token-header.js';
export type { WithAuthOptions } from './compose/with-auth.js';
export { withAuth } from './compose/with-auth.js';
export { baseUrlSchema, isLoopbackHost } from './config/base-url.js';
export { configFromEnv } from './config/config-from-env.js';
export type { CreateProviderOptions } from './config/create-provider.js';
export { createProvider } from './config/create-provider.js';
export type { ProviderDefinition, ProviderFactory } from './config/define-provider.js';
export { defineProvider } from './config/define-provider.js';
export { closestKey, configKeys } from './config/describe-config-issues.js';
export { headersSchema } from './config/headers.js';
export { originsSchema } from './config/origins.js';
export { validateConfig } from './config/validate-config.js';
export { createTokenProvider } from './engine/create-token-provider.js';
export { refreshUnsupported } from './engine/refresh-unsupported.js';
export type { AuthErrorOptions } from './errors/auth-error.js';
export { AuthError, isAuthError } from './errors/auth-error.js';
export type { AuthErrorCode } from './errors/codes.js';
export { AuthErrorCodes } from './errors/codes.js';
export { readBodyPrefix } from './http/read-body-prefix.js';
export type { StaticKeyConfig } from './providers/static-key.js';
export { StaticKeyConfigSchema, staticKey } from './providers/static-key.js';
export { isStoredToken } from './stores/is-stored-token.js';
export type { MemoryStoreOptions } from './stores/memory-store.js';
export { createMemoryStore, sharedMemoryStore } from './stores/memory-store.js';
export type {
  AdapterContext,
  AuthAdapter,
  ProviderAdapter,
  RefreshableToken,
  RefreshUnsupported,
  TokenRequest,
  TokenResponse,
} from './types/adapter.js';
export type { AuthEvent, AuthEventType } from './types/events.js';
export type { Clock, TokenProviderOptions } from './types/options.js';
export type { ReleaseLock, StoredToken, TokenStore } from './types/store.js';
export type { AccessToken, GetTokenOptions, TokenProvider } from './types/token.js';
export { readJwtExpiry } from './utils/read-jwt-expiry.js';
// Internal on purpose: safeCause, describeIssues, codeForStatus, parseRetryAfter, the engine's
// policy rules and views.
