/** axios headers (an `AxiosHeaders` or a plain object) as fetch `Headers`; unset and unsendable values left out. */
export function fetchHeaders(headers: object | undefined): Headers {
  const result = new Headers();
  if (headers === undefined) return result;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null || value === false || typeof value === 'function') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        result.append(name, String(item));
      } catch {
        // A name or value fetch refuses: axios would not send it either.
      }
    }
  }
  return result;
}
