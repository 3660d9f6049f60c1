import type { AuthErrorCode } from '../errors/codes.js';

/** The default reading of an unwanted HTTP status. */
export function codeForStatus(status: number): AuthErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'PROVIDER_UNAVAILABLE';
  if (status === 400 || status === 422) return 'INVALID_REQUEST';
  if (status === 401 || status === 403) return 'INVALID_CREDENTIALS';
  return 'UNEXPECTED_RESPONSE';
}
