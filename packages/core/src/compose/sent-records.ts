import type { AuthPolicy } from './auth-policy.js';

/**
 * What a binding recorded about one call with {@link AuthPolicy.mark}: the header it set (kept out
 * of `util.inspect` and `console.log`), and what a replay needs.
 *
 * @example
 * ```ts
 * import { authPolicy } from '@authwire/core';
 *
 * const policy = authPolicy(provider, {});
 * const call = {}; // an object the client hands both sides of one call
 * policy.mark(call, 'JWT eyJ.x.y');
 * const sent = policy.marked(call); // { header: 'JWT eyJ.x.y', spare: undefined, oneShot: false }
 * ```
 */
export interface SentRequest {
  /** The header value the binding set on the request. */
  readonly header: string;
  /** A copy of the request body taken before sending, for the replay; `undefined` when there was none. */
  readonly spare: unknown;
  /** Whether the body can be read once only (a stream): the request is then never replayed. */
  readonly oneShot: boolean;
}

/** The property a binding's record of a call lives in, on the call's own carrier object. */
const SENT = /* @__PURE__ */ Symbol('authwire.sent');

/**
 * A {@link SentRequest}. The header is a private field: a carrier printed by the application
 * (ky's context, axios's config) shows `Sent {}`, never the token.
 */
class Sent implements SentRequest {
  readonly #header: string;
  readonly spare: unknown;
  readonly oneShot: boolean;
  constructor(header: string, spare: unknown, oneShot: boolean) {
    this.#header = header;
    this.spare = spare;
    this.oneShot = oneShot;
  }
  get header(): string {
    return this.#header;
  }
}

/**
 * The records one binding keeps of its calls, on each call's carrier: a property, not a `WeakMap`
 * entry (no GC bookkeeping per call), and for a call without body one record shared by every call
 * sent with the same header (no allocation on the hot path).
 */
export function sentRecords(): Pick<AuthPolicy, 'mark' | 'marked'> {
  let plain: Sent | undefined;
  return {
    mark(carrier, header, spare, oneShot = false) {
      let sent: Sent | undefined;
      if (header === undefined) sent = undefined;
      else if (spare !== undefined || oneShot) sent = new Sent(header, spare, oneShot);
      else if (plain !== undefined && plain.header === header) sent = plain;
      else sent = plain = new Sent(header, undefined, false);
      // A frozen carrier (no client hands one today) gets no record: its call is sent with the
      // token but never replayed — the safe side, never a TypeError.
      if (Object.isExtensible(carrier)) (carrier as { [SENT]?: Sent | undefined })[SENT] = sent;
    },
    marked(carrier) {
      return (carrier as { [SENT]?: Sent })[SENT];
    },
  };
}
