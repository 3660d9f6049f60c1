import * as v from 'valibot';

// RFC 9110 `token`: what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What `fetch` sends as a value: Latin-1 text without NUL, line breaks or other control
// characters (tab excepted). `€`, a CR/LF or a NUL make `new Headers()` or the send throw.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Whether `name` is a valid HTTP header name. */
export const isHeaderName = (name: string): boolean => HEADER_NAME.test(name);

/** Whether `fetch` can send `value` as a header value. */
export const isHeaderValue = (value: string): boolean => HEADER_VALUE.test(value);

/**
 * A valibot schema of static extra headers, `{ name: value }`: every name a valid HTTP header
 * name, every value a string `fetch` can send (Latin-1 text without line breaks, NUL or other
 * control characters). An invalid entry is reported under its own path (`headers.Productid`),
 * never with its value.
 *
 * @returns the schema
 * @example
 * ```ts
 * import { baseUrlSchema, headersSchema } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const Config = v.object({ baseUrl: baseUrlSchema(), headers: v.optional(headersSchema()) });
 * v.parse(Config, { baseUrl: 'https://api.acme.test', headers: { Productid: 'einvoice' } });
 * ```
 */
export function headersSchema() {
  return v.record(
    v.pipe(v.string(), v.check(isHeaderName, 'must be a valid HTTP header name')),
    v.pipe(
      v.string('must be a string'),
      v.check(isHeaderValue, 'must be Latin-1 text without line breaks or control characters'),
    ),
    'must be an object of header names to strings',
  );
}
