import type { AccountKind } from './accounts.js';

/** What the parent asks a cost-growth child (the `BENCH_COST_GROWTH` environment variable, JSON). */
export type CostGrowthTask =
  | { scenario: 'shared-signal'; callers: number[] }
  | { scenario: 'live-accounts'; kind: AccountKind; accounts: number; concurrency: number; budgetMs: number }
  | { scenario: 'come-and-go'; kind: AccountKind; accounts: number; concurrency: number; budgetMs: number };

/** One run of N callers waiting on one renewal with one shared signal. */
export interface SharedSignalRun {
  callers: number;
  /** Issuing the calls plus settling them once the login answered, in ms (the held login excluded). */
  wallMs: number;
  /** The same for a single caller, just before: the constant part (the login's answer, the renewal's own work). */
  baselineMs: number;
  /** Logins the N callers caused (1: single flight). */
  logins: number;
  /** Callers that did not get the token. */
  failed: number;
}

/** What a child answers. */
export type CostGrowthResult =
  | { scenario: 'shared-signal'; runs: SharedSignalRun[]; maxListenersWarnings: number; resolved: string }
  | {
      scenario: 'live-accounts';
      kind: AccountKind;
      /** Accounts holding a token (fewer than asked when the time budget ran out). */
      accounts: number;
      /** Heap used after GC before the accounts, and with every account holding its fresh token. */
      heapBefore: number;
      heapAfter: number;
      logins: number;
      resolved: string;
    }
  | {
      scenario: 'come-and-go';
      kind: AccountKind;
      /** Accounts created, used once and dropped (fewer than asked when the time budget ran out). */
      accounts: number;
      heapBefore: number;
      heapAfter: number;
      /** After the accounts: heap used with every provider dropped but before their tokens expired. */
      heapBeforeExpiry: number;
      logins: number;
      elapsedMs: number;
      resolved: string;
    };
