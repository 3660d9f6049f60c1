import * as v from 'valibot';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const parse = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/**
 * Whether `hostname` is this machine: `localhost`, `127.0.0.0/8` or `[::1]`.
 *
 * @param hostname - a URL's `hostname`
 * @returns true for a loopback host
 * @example
 * ```ts
 * import { isLoopbackHost } from '@authwire/core';
 *
 * isLoopbackHost(new URL('http://127.0.0.1:8080').hostname); // true
 * isLoopbackHost('api.example.com'); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname.endsWith('.localhost')
  );
}

/**
 * A valibot schema of a provider base URL: absolute, `https:` (or `http:` only for loopback
 * hosts), no query or fragment; the output has no trailing slash.
 *
 * @returns the schema
 * @example
 * ```ts
 * import { baseUrlSchema } from '@authwire/core';
 * import * as v from 'valibot';
 *
 * const Config = v.object({ baseUrl: baseUrlSchema() });
 * v.parse(Config, { baseUrl: 'https://api.acme.test/' }); // { baseUrl: 'https://api.acme.test' }
 * ```
 */
export function baseUrlSchema() {
  return v.pipe(
    v.string(),
    v.check((value) => parse(value) !== undefined, 'must be an absolute URL'),
    // valibot runs every check even after the first failed: each one must accept a non-URL.
    v.check((value) => {
      const url = parse(value);
      return (
        url === undefined || url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))
      );
    }, 'must use https: (http: only for loopback hosts)'),
    v.check((value) => {
      const url = parse(value);
      return url === undefined || (url.search === '' && url.hash === '' && url.username === '' && url.password === '');
    }, 'must have no query, fragment or credentials'),
    v.transform((value) => value.replace(/\/+$/, '')),
  );
}
