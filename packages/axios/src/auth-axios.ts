import {
  type AuthPolicy,
  type AuthPolicyOptions,
  authPolicy,
  headerValueOf,
  type TokenProvider,
  tokenOfHeader,
} from '@authwire/core';
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { finalUrl, recordingFetch } from './final-url.js';
import { fullUrl } from './full-url.js';
import { isOneShot } from './is-one-shot.js';
import { responseOf } from './response-of.js';

/**
 * Options of {@link authAxios}: those of `withAuth` but `fetch` (axios brings its own adapter).
 *
 * @example
 * ```ts
 * import type { AuthAxiosOptions } from '@authwire/axios';
 *
 * const options: AuthAxiosOptions = { origins: ['https://api.example.com'], retryStatuses: [401, 403] };
 * ```
 */
export interface AuthAxiosOptions extends AuthPolicyOptions {}

/** Marks a replay's config; axios copies a config's symbol keys into the config it builds. */
const REPLAY = Symbol('authwire.replay');

type Marked = InternalAxiosRequestConfig & { [REPLAY]?: true };

type BeforeRedirect = NonNullable<InternalAxiosRequestConfig['beforeRedirect']>;

/**
 * The caller's `beforeRedirect`, preceded by one that removes the token from a redirect to an
 * origin that may not have it. follow-redirects already drops `Authorization` for another host,
 * but not for a subdomain, and never another header (`api_key`).
 */
function withholdOnRedirect(policy: AuthPolicy, next: BeforeRedirect | undefined): BeforeRedirect {
  return (options, responseDetails, requestDetails) => {
    const href = (options as { href?: unknown }).href;
    if (typeof href !== 'string' || !policy.allowsOrigin(href)) {
      const headers = (options as { headers?: Record<string, unknown> }).headers ?? {};
      for (const name of Object.keys(headers))
        if (name.toLowerCase() === policy.headerName.toLowerCase()) delete headers[name];
    }
    next?.(options, responseDetails, requestDetails);
  };
}

/** Whether `error` is an AxiosError that carries a response (any copy of axios). */
function responseOfError(error: unknown): AxiosResponse | undefined {
  const candidate = error as { isAxiosError?: unknown; response?: AxiosResponse } | null;
  return typeof candidate === 'object' && candidate?.isAxiosError === true ? candidate.response : undefined;
}

/**
 * Installs interceptors on an axios instance so that requests to the provider's origins carry
 * its token, with one generation-aware replay through the same instance when the token is
 * rejected. The same decisions as `withAuth` (core's `authPolicy`): origins resolved from
 * `baseURL` + `url` as axios does, a caller's own `Authorization` (or the provider's header)
 * left alone, a one-shot body (stream) never replayed, the token removed from redirects to
 * other origins, token failures thrown as the `AuthError` itself. Works with the `http` and
 * `fetch` adapters, and with NestJS's `HttpService.axiosRef`.
 *
 * @param instance - the axios instance (`axios.create(…)`, `axios` itself, `httpService.axiosRef`)
 * @param provider - the token provider
 * @param options - the allowed origins and the rejection statuses
 * @returns a function that removes both interceptors
 * @example
 * ```ts
 * import { authAxios } from '@authwire/axios';
 * import { mastersIndia } from '@authwire/masters-india';
 * import axios from 'axios';
 *
 * const api = axios.create({ baseURL: 'https://api-platform.mastersindia.co' });
 * const eject = authAxios(api, mastersIndia({ username: 'me@example.com', password: process.env.MI_PASSWORD! }));
 * const { data } = await api.get('/api/v1/some-endpoint/');
 * eject(); // back to plain axios
 * ```
 */
export function authAxios(
  instance: AxiosInstance,
  provider: TokenProvider,
  options: AuthAxiosOptions = {},
): () => void {
  const policy = authPolicy(provider, options);
  const { headerName } = policy;
  const signalOf = (config: InternalAxiosRequestConfig) =>
    config.signal instanceof AbortSignal ? config.signal : null;
  // The redirect guard of a request without a `beforeRedirect` of its own: one for all of them.
  const withhold = withholdOnRedirect(policy, undefined);

  /** Sets `header` on the config, and records it there: axios hands the same config back with the response. */
  function authorise(config: Marked, header: string): InternalAxiosRequestConfig {
    config.headers.set(headerName, header);
    // The http adapter follows redirects through follow-redirects, the fetch adapter through fetch:
    // both are told, or asked, where the token may go and where the answer came from.
    config.beforeRedirect =
      config.beforeRedirect === undefined ? withhold : withholdOnRedirect(policy, config.beforeRedirect);
    const env = config.env;
    const fetch = recordingFetch(env?.fetch);
    // axios merges `env` into a new plain object per request: set in place, no copy. Any other
    // object may be the caller's own, shared: copied.
    if (env !== undefined && Object.getPrototypeOf(env) === Object.prototype) env.fetch = fetch;
    else config.env = { ...env, fetch };
    policy.mark(config, header, undefined, isOneShot(config.data));
    return config;
  }

  function request(config: Marked): InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig> {
    if (config[REPLAY]) return config;
    const url = fullUrl(config.baseURL, config.url, config.allowAbsoluteUrls);
    if (!policy.allows(url, config.headers)) return config;
    const header = policy.headerValue(signalOf(config));
    // A token served at once is set at once: no await on the hot path.
    if (typeof header === 'string') return authorise(config, header);
    return header.then((value) => authorise(config, value));
  }

  /** The replay's response when `response` rejects the token we sent; `undefined` to deliver `response`. */
  async function recover(response: AxiosResponse): Promise<AxiosResponse | undefined> {
    const config = response.config as Marked | undefined;
    const mine = config === undefined || config[REPLAY] ? undefined : policy.marked(config);
    if (config === undefined || mine === undefined || String(config.headers.get(headerName)) !== mine.header)
      return undefined;
    const answeredBy = finalUrl(response);
    if (answeredBy !== undefined && !policy.allowsOrigin(answeredBy)) return undefined;
    const rejection = responseOf(response);
    if (rejection === undefined || !(await policy.rejects(rejection))) return undefined;
    // One replay per call.
    policy.mark(config, undefined);
    const rejected = tokenOfHeader(mine.header);
    if (mine.oneShot) {
      // A one-shot body cannot be sent again: the rejected response goes back as it is, and the
      // next request gets a new token.
      await provider.invalidate(rejected);
      return undefined;
    }
    const next = await policy.renew(rejected, signalOf(config));
    if (next === undefined) return undefined;
    const headers = config.headers.concat().set(headerName, headerValueOf(next));
    return instance.request({ ...config, headers, [REPLAY]: true } as Marked);
  }

  const requestId = instance.interceptors.request.use(request);
  const responseId = instance.interceptors.response.use(
    // A success, or a response to a request we did not authorise, goes on at once: no Response
    // is built and nothing awaited.
    (response) =>
      policy.mayReject(response.status) && response.config !== undefined && policy.marked(response.config)
        ? recover(response).then((replayed) => replayed ?? response)
        : response,
    async (error: unknown) => {
      const response = responseOfError(error);
      const replayed = response === undefined ? undefined : await recover(response);
      if (replayed === undefined) throw error;
      return replayed;
    },
  );
  return () => {
    instance.interceptors.request.eject(requestId);
    instance.interceptors.response.eject(responseId);
  };
}
