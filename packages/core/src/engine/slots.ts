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
  readonly key: string;
  /** The adapter's declared secrets (held in memory only, like the adapter holds them). */
  readonly secrets: readonly string[];
  /** The credential hash of the secrets, computed once, when first needed ({@link credentialOf}). */
  credential: Promise<string | undefined> | undefined;
}

/** The credential hash of a slot's secrets, computed once. */
export function credentialOf(slot: Slot): Promise<string | undefined> {
  slot.credential ??= hashCredential(slot.key, slot.secrets);
  return slot.credential;
}

/** A slot as the map holds it: weakly, so that it goes with the last provider holding it. */
interface SlotRecord {
  ref: { deref(): Slot | undefined };
  key: string;
  byKey: Map<string, SlotRecord[]>;
}

const slotsByStore = new WeakMap<TokenStore, Map<string, SlotRecord[]>>();

/** Removes a record from its map (once: a record already replaced is not found again). */
function forget(record: SlotRecord): void {
  const records = record.byKey.get(record.key);
  const at = records?.indexOf(record) ?? -1;
  if (records === undefined || at < 0) return;
  records.splice(at, 1);
  if (records.length === 0) record.byKey.delete(record.key);
}

/** Forgets a slot's record once GC has taken the slot; created on first use (nothing runs at import). */
let released: FinalizationRegistry<SlotRecord> | undefined;

/**
 * A weak reference where the runtime has them (every runtime authwire supports; without them
 * a slot lives as long as its store, as it did before slots were released).
 */
function refTo(slot: Slot, record: Omit<SlotRecord, 'ref'>): SlotRecord {
  if (typeof WeakRef !== 'function' || typeof FinalizationRegistry !== 'function') {
    return { ...record, ref: { deref: () => slot } };
  }
  const weak: SlotRecord = { ...record, ref: new WeakRef(slot) };
  released ??= new FinalizationRegistry(forget);
  released.register(slot, weak);
  return weak;
}

const sameSecrets = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((secret, i) => secret === b[i]);

/**
 * The slot of an account's credentials in a store. Providers holding other credentials for the
 * same account (another password) get another slot: they never see each other's tokens. The
 * providers hold their slot (and an in-process store's entry, {@link keepWhileStored}); the map
 * only finds it for a sibling, and forgets it once nothing holds it (DESIGN invariant 12).
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
  for (const record of records) {
    const slot = record.ref.deref();
    if (slot !== undefined && sameSecrets(slot.secrets, secrets)) return slot;
  }
  const slot: Slot = {
    entry: undefined,
    inflight: undefined,
    failure: undefined,
    highestVersion: 0,
    key,
    secrets,
    credential: undefined,
  };
  records.push(refTo(slot, { key, byKey }));
  return slot;
}

/** A slot kept alive by the entry it wrote to a store, for as long as that store holds the object. */
const keptBy = new WeakMap<object, Slot>();

/**
 * Keeps `slot` alive while `stored` is: an in-process store (the memory store) holds what it was
 * given until the entry expires, so a provider created later for the same account finds the slot
 * and its token (no store read, no credential hash) while the token lives, and the slot goes
 * once its providers are gone and the store has dropped the entry (invariant 12). A store
 * outside the process keeps no object: there the slot goes with its last provider.
 *
 * @param stored - the object handed to the store's `set`
 * @param slot - the slot whose entry it is
 */
export function keepWhileStored(stored: object, slot: Slot): void {
  keptBy.set(stored, slot);
}

/**
 * For tests: how many slots a store's map holds (released ones whose finalizer has not run yet
 * included).
 */
export function slotCount(store: TokenStore): number {
  let count = 0;
  for (const records of slotsByStore.get(store)?.values() ?? []) count += records.length;
  return count;
}
