import * as v from 'valibot';
import { isLoopbackHost } from './base-url.js';

const originOf = (value: string): string | undefined => {
  try {
    const url = new URL(value);
    const pathless = (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '';
    if (!pathless || url.username !== '' || url.password !== '') return undefined;
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
};

/**
 * A valibot schema of the origins a token may be sent to: a non-empty array of origins
 * (`https://host[:port]`, `http:` only for loopback hosts), no path, query or credentials; the
 * output holds each origin as `URL.origin` spells it (`https://API.example.com:443/` →
 * `https://api.example.com`).
 *
 * @returns the schema
 * @example
 * ```ts
 * import { originsSchema } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const Config = v.object({ origins: originsSchema() });
 * v.parse(Config, { origins: ['https://API.example.com:443/'] }); // { origins: ['https://api.example.com'] }
 * ```
 */
export function originsSchema() {
  return v.pipe(
    v.array(
      v.pipe(
        v.string('must be a string'),
        v.check(
          (value) => originOf(value) !== undefined,
          'must be an origin, no path: https: (http: only for loopback hosts)',
        ),
        v.transform((value) => originOf(value) as string),
      ),
      'must be an array of origins',
    ),
    v.minLength(1, 'must name at least one origin: the APIs the token is for'),
  );
}
