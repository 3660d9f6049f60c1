import type { AuthError } from '../errors/auth-error.js';
import type { Clock } from '../types/options.js';
import type { StoredToken, TokenStore } from '../types/store.js';
import { hashCredential } from './credential.js';

/** A token as a slot holds it: what the store holds, plus whether a response rejected it. */
export interface SlotEntry extends StoredToken {
  /** Set by `invalidate`: never served again, though its refresh token may still renew it. */
  rejected?: true;
}

/** The last renewal failure: each provider derives its own cool-down from it. */
export interface SlotFailure {
  error: AuthError;
  /** When it failed, on the failing provider's clock. */
  at: number;
  /** The failing provider's clock: a provider with another clock counts from when it first saw the failure. */
  clock: Clock;
}

/**
 * The state of one account, for one set of credentials, in one store: shared by every provider
 * of this process that uses that store, cache key and credentials. Only facts live here — the
 * current token, the renewal in flight, the last failure —; every decision (fresh, stale,
 * cool-down) is each provider's own, from its own options and clock.
 */
export interface Slot {
  entry: SlotEntry | undefined;
  inflight: Promise<SlotEntry> | undefined;
  failure: SlotFailure | undefined;
  /** The highest version seen for this key (in the store or in memory): the next one is above it. */
  highestVersion: number;
  /** The credential hash of this slot's secrets, computed once, when first needed. */
  credential(): Promise<string | undefined>;
}

interface SlotRecord {
  secrets: readonly string[];
  slot: Slot;
}

const slotsByStore = new WeakMap<TokenStore, Map<string, SlotRecord[]>>();

const sameSecrets = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((secret, i) => secret === b[i]);

/**
 * The slot of an account's credentials in a store. Providers holding other credentials for the
 * same account (another password) get another slot: they never see each other's tokens.
 *
 * @param store - the provider's store
 * @param key - the account's cache key
 * @param secrets - the adapter's declared secrets (held in memory only, like the adapter holds them)
 */
export function slotFor(store: TokenStore, key: string, secrets: readonly string[]): Slot {
  let byKey = slotsByStore.get(store);
  if (byKey === undefined) {
    byKey = new Map();
    slotsByStore.set(store, byKey);
  }
  let records = byKey.get(key);
  if (records === undefined) {
    records = [];
    byKey.set(key, records);
  }
  const found = records.find((record) => sameSecrets(record.secrets, secrets));
  if (found !== undefined) return found.slot;
  let credential: Promise<string | undefined> | undefined;
  const slot: Slot = {
    entry: undefined,
    inflight: undefined,
    failure: undefined,
    highestVersion: 0,
    credential() {
      credential ??= hashCredential(key, secrets);
      return credential;
    },
  };
  records.push({ secrets: [...secrets], slot });
  return slot;
}
