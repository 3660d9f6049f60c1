import { type BaseIssue, getDotPath } from 'valibot';

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The known config key that `key` is most likely a typo of: the same letters in another casing or
 * with other separators (`baseurl`, `BASE_URL` → `baseUrl`), or at most 2 edits away and less
 * than a third of its length (`usernam` → `username`; `debug` → nothing).
 *
 * @param key - an unknown key
 * @param known - the known keys (see {@link configKeys})
 * @returns the closest known key, or `undefined` when none is close
 * @example
 * ```ts
 * import { closestKey } from '@authwire/core';
 *
 * closestKey('apiVersoin', ['baseUrl', 'apiVersion']); // 'apiVersion'
 * closestKey('debug', ['baseUrl', 'apiVersion']); // undefined
 * ```
 */
export function closestKey(key: string, known: Iterable<string>): string | undefined {
  let best: { key: string; distance: number } | undefined;
  const target = normalise(key);
  for (const candidate of known) {
    const d = distance(target, normalise(candidate));
    if (best === undefined || d < best.distance) best = { key: candidate, distance: d };
  }
  if (best === undefined) return undefined;
  return best.distance === 0 || (best.distance <= 2 && best.distance * 3 < target.length) ? best.key : undefined;
}

function collectKeys(schema: unknown, keys: Set<string>): Set<string> {
  if (typeof schema !== 'object' || schema === null) return keys;
  const { entries, options, pipe, wrapped } = schema as {
    entries?: Record<string, unknown>;
    options?: unknown[];
    pipe?: unknown[];
    wrapped?: unknown;
  };
  for (const key of Object.keys(entries ?? {})) keys.add(key);
  for (const option of options ?? []) collectKeys(option, keys);
  if (Array.isArray(pipe) && pipe[0] !== schema) collectKeys(pipe[0], keys);
  collectKeys(wrapped, keys);
  return keys;
}

/**
 * The top-level keys a provider's config schema accepts, through unions, pipes and wrappers: what
 * {@link closestKey} suggests from.
 *
 * @param schema - a config schema (`factory.configSchema`)
 * @returns its keys
 * @example
 * ```ts
 * import { configKeys, staticKey } from '@authwire/core';
 *
 * configKeys(staticKey.configSchema); // ['value', 'header', 'scheme', 'origins', 'name']
 * ```
 */
export function configKeys(schema: unknown): string[] {
  return [...collectKeys(schema, new Set())];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An issue's field, `headers.Productid`; `(config)` for the config itself. */
export const pathOf = (issue: BaseIssue<unknown>): string => getDotPath(issue) || '(config)';

/** valibot's `expected` in words: `string` → `a string`, `"v1" | "v2"` stays. */
function expectation(expected: string | null): string {
  if (expected === null) return 'another value';
  return /^(string|number|boolean|object|array)$/.test(expected) ? `a ${expected}` : expected;
}

/**
 * One line per field of an invalid config: the field, what was expected and, for an unknown key,
 * the closest known one — never a value. A schema's own message (`must use https:`) is kept;
 * valibot's default messages quote the received value and are replaced.
 *
 * @param issues - valibot's issues
 * @param known - the config's known top-level keys, for suggestions
 * @returns the lines, one per field (the first issue of each)
 */
export function describeConfigIssues(issues: readonly BaseIssue<unknown>[], known: readonly string[]): string[] {
  const lines = new Map<string, string>();
  for (const issue of issues) {
    const path = pathOf(issue);
    if (lines.has(path)) continue;
    const own = !/received/i.test(issue.message);
    const key = String(issue.path?.at(-1)?.key ?? path);
    let line: string;
    // An unknown key with valibot's message or a schema's generic one ("x is not a known option",
    // "config must hold only a, b"): named as such, with the closest known key.
    if (issue.expected === 'never' && (!own || /not a known option|must hold only/.test(issue.message))) {
      const depth = issue.path?.length ?? 0;
      const suggestion = depth === 1 ? closestKey(key, known) : undefined;
      line = `${path}: unknown option${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`;
    } else if (own) {
      // "username must be a string" / "username: use either…" → "username: must be a string".
      const text = issue.message.replace(
        new RegExp(`^${escapeRegExp(key)}(?::\\s*|\\s+(?=(?:must|is|are|may|should|needs?)\\b))`),
        '',
      );
      line = `${path}: ${text.replace(/^is required/, 'required')}`;
    } else if (issue.received === 'undefined' && issue.kind === 'schema') {
      // A missing key: valibot's `expected` is then the key's own name, not a type.
      line = `${path}: required`;
    } else {
      line = `${path}: expected ${expectation(issue.expected)}`;
    }
    lines.set(path, line);
  }
  return [...lines.values()];
}
