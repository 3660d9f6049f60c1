import type { AxiosResponse } from 'axios';

/** The URL that answered a fetch adapter's request after redirects, by the `Request` axios sent. */
const redirectedTo = /* @__PURE__ */ new WeakMap<object, string>();

/** One recording wrapper per fetch (axios caches its fetch adapter by the `fetch` it is given). */
const recorders = /* @__PURE__ */ new WeakMap<typeof fetch, typeof fetch>();
let recordingGlobalFetch: typeof fetch | undefined;

/**
 * `fetch` (the caller's `env.fetch`, else the global one) wrapped so that the URL a redirected
 * response came from can be found by the request axios's fetch adapter sent: the adapter keeps the
 * `Request` it built as `response.request`, but drops `Response.url`.
 */
export function recordingFetch(base: typeof fetch | undefined): typeof fetch {
  // Already one (a config axios copied from one we prepared): not wrapped twice.
  if (base !== undefined && base === recorders.get(base)) return base;
  const existing = base === undefined ? recordingGlobalFetch : recorders.get(base);
  if (existing !== undefined) return existing;
  const recorder: typeof fetch = async (input, init) => {
    const response = await (base ?? globalThis.fetch)(input, init);
    if (response.redirected && typeof input === 'object') redirectedTo.set(input, response.url);
    return response;
  };
  if (base === undefined) recordingGlobalFetch = recorder;
  else recorders.set(base, recorder);
  recorders.set(recorder, recorder);
  return recorder;
}

/**
 * The URL that answered, after the redirects the adapter followed: follow-redirects' `responseUrl`
 * (http adapter), `XMLHttpRequest.responseURL` (xhr adapter), or what {@link recordingFetch} saw
 * (fetch adapter); `undefined` when no redirect was followed.
 */
export function finalUrl(response: AxiosResponse): string | undefined {
  const request = response.request as { res?: { responseUrl?: unknown }; responseURL?: unknown } | undefined;
  const url =
    request?.res?.responseUrl ??
    request?.responseURL ??
    (typeof request === 'object' && request !== null ? redirectedTo.get(request) : undefined);
  return typeof url === 'string' && url !== '' ? url : undefined;
}
