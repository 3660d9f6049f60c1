/** What every secret, and every part of one, becomes. */
const MARK = '[redacted]';
// A JWT (or what is left of one after truncation): `eyJ…` (base64url of `{"`) and a dot.
const JWT = /eyJ[\w-]{2,}(?:\.[\w-]*)+/g;
/**
 * The shortest start of a secret that counts as a truncated echo of it; also the length below
 * which a secret (a one-letter username sent in a body) is redacted only where it stands alone,
 * not inside a longer word (`u` in `request`).
 */
const MIN_PREFIX = 8;
/** The shortest declared secret that is redacted even inside a word. */
const MIN_DECLARED = 4;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Where a provider (or a log pipeline) shows it cut a text short. */
const ELLIPSES = ['…', '...'];

/**
 * Collects an attempt's secrets and takes them out of any text: the one redaction behind every
 * message, detail and cause authwire shows.
 */
export interface Redactor {
  /** Adds every non-empty string in `value`: a string, or the leaves of objects and arrays. */
  add(value: unknown): void;
  /**
   * `text` with every form a provider may quote a secret in (as it is, JSON-escaped once or
   * twice, URL- or form-encoded, whitespace-collapsed, cut short before `…` or at the end) and
   * anything JWT-shaped replaced by `[redacted]`. A secret shorter than 8 characters is replaced
   * only where it is not part of a longer word. The text is not shortened otherwise.
   */
  redact(text: string): string;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function uriEncoded(secret: string): string {
  try {
    return encodeURIComponent(secret);
  } catch {
    return secret; // a lone surrogate: nothing sends it encoded this way
  }
}

/** Every form a provider may echo `secret` in. */
function formsOf(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const encoded = [
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    uriEncoded(secret),
    // `application/x-www-form-urlencoded`: spaces as `+`, and more characters escaped.
    new URLSearchParams([['', secret]]).toString().slice(1),
  ];
  return [...encoded, ...encoded.map(collapse)].filter((form) => form !== '');
}

function collect(value: unknown, into: Set<string>, seen: WeakSet<object>): void {
  if (typeof value === 'string') {
    if (value !== '') into.add(value);
  } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const item of Object.values(value)) collect(item, into, seen);
  }
}

/** Where `text` may hold a truncated echo: its end and every ellipsis, last first. */
function cutPoints(text: string): number[] {
  const points = new Set([text.length]);
  for (const ellipsis of ELLIPSES) {
    for (let at = text.indexOf(ellipsis); at !== -1; at = text.indexOf(ellipsis, at + 1)) points.add(at);
  }
  return [...points].sort((a, b) => b - a);
}

/** The length of the longest start (≥ MIN_PREFIX, shorter than whole) of `form` that ends at `cut`. */
function prefixEndingAt(text: string, cut: number, form: string): number {
  const first = form.charAt(0);
  for (let at = text.indexOf(first, Math.max(0, cut - form.length + 1)); at !== -1; at = text.indexOf(first, at + 1)) {
    if (cut - at < MIN_PREFIX) return 0;
    if (form.startsWith(text.slice(at, cut))) return cut - at;
  }
  return 0;
}

/** Replaces secrets cut short at the end of `text` or before an ellipsis. */
function redactTruncated(text: string, forms: readonly string[]): string {
  let out = text;
  // Cuts are visited last first, so the positions of those still to visit do not move.
  let before = Number.POSITIVE_INFINITY;
  for (const cut of cutPoints(text)) {
    if (cut >= before) continue; // inside a part already replaced
    let longest = 0;
    for (const form of forms) {
      if (form.length <= MIN_PREFIX || form.length - 1 <= longest) continue;
      longest = Math.max(longest, prefixEndingAt(out, cut, form));
    }
    if (longest > 0) {
      out = `${out.slice(0, cut - longest)}${MARK}${out.slice(cut)}`;
      before = cut - longest;
    }
  }
  return out;
}

/**
 * Replaces `form` in a text: anywhere, or, for a short one that the attempt merely sent (a
 * username, `grant_type`), where it is not part of a longer word. A declared secret is replaced
 * anywhere from 4 characters on (shorter ones would cut ordinary words to pieces).
 */
function replacerOf(form: string, declared: boolean): (text: string) => string {
  if (form.length >= (declared ? MIN_DECLARED : MIN_PREFIX))
    return (text) => (text.includes(form) ? text.split(form).join(MARK) : text);
  const escaped = form.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const before = WORD_CHAR.test(form.charAt(0)) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = WORD_CHAR.test(form.charAt(form.length - 1)) ? '(?![\\p{L}\\p{N}])' : '';
  const pattern = new RegExp(`${before}${escaped}${after}`, 'gu');
  return (text) => (text.includes(form) ? text.replace(pattern, MARK) : text);
}

/**
 * Creates a {@link Redactor} holding `known` secrets (strings, or objects whose string leaves
 * are secrets; `undefined` is skipped).
 *
 * @param known - the secrets the attempt holds before it sends anything
 * @returns the redactor; {@link Redactor.add} adds what the attempt sends
 * @example
 * ```ts
 * import { createRedactor } from './redactor.js';
 *
 * const token = await provider.getToken();
 * const redactor = createRedactor([password, token.refreshToken]);
 * redactor.add({ username, password });
 * redactor.redact(`"${password}" refused`); // '"[redacted]" refused'
 * ```
 */
export function createRedactor(known: Iterable<unknown> = []): Redactor {
  const declared = new Set<string>();
  for (const value of known) collect(value, declared, new WeakSet());
  const secrets = new Set(declared);
  let compiled: { forms: string[]; replacers: ((text: string) => string)[] } | undefined;
  const add = (value: unknown) => {
    const size = secrets.size;
    collect(value, secrets, new WeakSet());
    if (secrets.size !== size) compiled = undefined;
  };
  return {
    add,
    redact(text: string): string {
      if (compiled === undefined) {
        // Longest first, so that a secret containing another is cut whole.
        const strict = new Set([...declared].flatMap(formsOf));
        const forms = [...new Set([...secrets].flatMap(formsOf))].sort((a, b) => b.length - a.length);
        compiled = { forms, replacers: forms.map((form) => replacerOf(form, strict.has(form))) };
      }
      let out = text;
      for (const replace of compiled.replacers) out = replace(out);
      return redactTruncated(out, compiled.forms).replace(JWT, MARK);
    },
  };
}
