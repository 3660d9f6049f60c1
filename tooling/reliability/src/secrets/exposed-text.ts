import { inspect } from 'node:util';

/**
 * What a secrets audit looks through: errors (with their whole `cause` chain), events and
 * providers, as an application could print, log or serialize them.
 *
 * @example
 * ```ts
 * const seen: Exposed = { errors: [error], events, providers: [provider] };
 * ```
 */
export interface Exposed {
  errors?: readonly unknown[];
  events?: readonly unknown[];
  providers?: readonly unknown[];
  /** Any other output, e.g. a CLI's stdout and stderr. */
  text?: readonly string[];
}

const deep = { depth: 10, showHidden: true, getters: true } as const;

function safely(show: () => unknown): string {
  try {
    return String(show());
  } catch (error) {
    return `(could not show: ${error instanceof Error ? error.message : 'unknown'})`;
  }
}

/** Every way an error shows itself: text, message, stack, JSON, inspection; then its cause's. */
function showError(error: unknown): string[] {
  const shown: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    const item = current;
    shown.push(
      safely(() => item),
      safely(() => (item as Error).message),
      safely(() => (item as Error).stack),
      safely(() => JSON.stringify(item)),
      safely(() => inspect(item, deep)),
    );
    current = (item as { cause?: unknown }).cause;
  }
  return shown;
}

/**
 * Everything the given errors, events and providers show — message, stack, the `cause` chain,
 * `JSON.stringify`, `util.inspect` (deep, hidden properties and getters included) — as one text
 * for a secrets audit to search.
 *
 * @param exposed - the errors, events, providers and other output to show
 * @returns all of it, one part a line
 * @example
 * ```ts
 * const text = exposedText({ errors, events, providers: [provider] });
 * for (const secret of [password, token.value]) expect(text).not.toContain(secret);
 * ```
 */
export function exposedText(exposed: Exposed): string {
  const parts: string[] = [];
  for (const error of exposed.errors ?? []) parts.push(...showError(error));
  for (const event of exposed.events ?? []) {
    parts.push(
      safely(() => JSON.stringify(event)),
      safely(() => inspect(event, deep)),
    );
  }
  for (const provider of exposed.providers ?? []) {
    parts.push(
      safely(() => inspect(provider, deep)),
      safely(() => JSON.stringify(provider)),
      safely(() => String(provider)),
      safely(() => Object.keys(provider as object).join(',')),
    );
  }
  parts.push(...(exposed.text ?? []));
  return parts.join('\n');
}

/** A JWT's first segment (its JOSE header) is shared by every token: only the rest is secret. */
function secretPart(secret: string): string {
  return /^eyJ[\w-]*\./.test(secret) ? secret.slice(secret.indexOf('.') + 1) : secret;
}

/**
 * The secrets (non-empty strings) that occur in `text`, whole or in part: a run of
 * `fragmentLength` characters of a secret counts (a truncated token is still a leak).
 *
 * @param text - what was shown, e.g. from {@link exposedText}
 * @param secrets - passwords and tokens
 * @param fragmentLength - the shortest part of a secret that counts as a leak
 * @returns those found, in order
 * @default fragmentLength 24
 * @example
 * ```ts
 * expect(secretsIn(exposedText({ errors }), [password, token.value])).toEqual([]);
 * ```
 */
export function secretsIn(text: string, secrets: readonly (string | undefined)[], fragmentLength = 24): string[] {
  const step = Math.max(1, Math.floor(fragmentLength / 2));
  return secrets.filter((secret): secret is string => {
    if (typeof secret !== 'string' || secret === '') return false;
    if (text.includes(secret)) return true;
    const part = secretPart(secret);
    // Windows every `step` characters: any leaked run of fragmentLength + step characters holds one.
    for (let at = 0; at + fragmentLength <= part.length; at += step) {
      if (text.includes(part.slice(at, at + fragmentLength))) return true;
    }
    return false;
  });
}
