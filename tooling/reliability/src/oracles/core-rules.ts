/**
 * Core's rules, imported from its sources (this package is private and runs from them, so core's
 * internal modules are reachable by path): the oracles of the fault matrices and the property
 * tests decide with these instead of restating them, so a rule changes in one place.
 */
export { coolDownMs, correctSkew, isTransient } from '../../../../packages/core/src/engine/policy.js';
export { MAX_RETRY_AFTER_MS } from '../../../../packages/core/src/http/retry-after.js';
export { codeForStatus } from '../../../../packages/core/src/http/status-code.js';
