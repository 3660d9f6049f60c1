/** axios's `isAbsoluteURL`: `<scheme>://` or protocol-relative `//`. */
const ABSOLUTE = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/** axios's `combineURLs`: the base without its trailing slashes, one slash, the path without its leading ones. */
function combineUrls(base: string, relative: string): string {
  return relative ? `${base.replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}` : base;
}

/**
 * The URL axios sends a request to, as its `buildFullPath` makes it: `url` joined to `baseURL`,
 * unless `url` is absolute and `allowAbsoluteUrls` is not `false`.
 */
export function fullUrl(baseUrl: string | undefined, url: string | undefined, allowAbsoluteUrls?: boolean): string {
  const requested = url ?? '';
  if (baseUrl && (!ABSOLUTE.test(requested) || allowAbsoluteUrls === false)) return combineUrls(baseUrl, requested);
  return requested;
}
