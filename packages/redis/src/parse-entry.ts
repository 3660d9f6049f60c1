import { isStoredToken, type StoredToken } from '@authwire/core';

/**
 * The entry a reply holds, or `undefined` when it is not a complete one (never throws): a value
 * written by another program, or by an authwire from before entries had a `version`, reads as none.
 */
export function parseEntry(reply: unknown): StoredToken | undefined {
  if (reply === null || reply === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(String(reply));
    return isStoredToken(data) ? data : undefined;
  } catch {
    return undefined;
  }
}
