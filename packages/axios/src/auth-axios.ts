import {
  type AuthPolicy,
  type AuthPolicyOptions,
  authPolicy,
  headerValueOf,
  type TokenProvider,
  tokenOfHeader,
} from '@authwire/core';
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { fetchHeaders } from './fetch-headers.js';
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

/** What the request interceptor did to one config: the header value it set, whether the body can be sent again. */
interface Sent {
  header: string;
  oneShot: boolean;
}

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
  // Keyed by the config object axios hands the request interceptor, which is the one its
  // response (or error) carries back: a header counts as ours only if it is the one we set there.
  const sent = new WeakMap<object, Sent>();
  const signalOf = (config: InternalAxiosRequestConfig) =>
    config.signal instanceof AbortSignal ? config.signal : null;

  async function authorise(config: Marked): Promise<InternalAxiosRequestConfig> {
    if (config[REPLAY]) return config;
    const url = fullUrl(config.baseURL, config.url, config.allowAbsoluteUrls);
    if (!policy.allows(url, fetchHeaders(config.headers))) return config;
    const signal = signalOf(config);
    const header = headerValueOf(await provider.getToken(signal ? { signal } : undefined));
    config.headers.set(policy.headerName, header);
    // The http adapter follows redirects through follow-redirects, the fetch adapter through fetch:
    // both are told, or asked, where the token may go and where the answer came from.
    config.beforeRedirect = withholdOnRedirect(policy, config.beforeRedirect);
    config.env = { ...config.env, fetch: recordingFetch(config.env?.fetch) };
    sent.set(config, { header, oneShot: isOneShot(config.data) });
    return config;
  }

  /** The replay's response when `response` rejects the token we sent; `undefined` to deliver `response`. */
  async function recover(response: AxiosResponse): Promise<AxiosResponse | undefined> {
    const config = response.config as Marked | undefined;
    const mine = config === undefined || config[REPLAY] ? undefined : sent.get(config);
    if (mine === undefined || String(config?.headers.get(policy.headerName)) !== mine.header) return undefined;
    const answeredBy = finalUrl(response);
    if (answeredBy !== undefined && !policy.allowsOrigin(answeredBy)) return undefined;
    const rejection = responseOf(response);
    if (rejection === undefined || !(await policy.rejects(rejection))) return undefined;
    const rejected = tokenOfHeader(mine.header);
    if (mine.oneShot) {
      // A one-shot body cannot be sent again: the rejected response goes back as it is, and the
      // next request gets a new token.
      await provider.invalidate(rejected);
      return undefined;
    }
    const next = await policy.renew(rejected, signalOf(config as Marked));
    if (next === undefined) return undefined;
    const headers = (config as Marked).headers.concat().set(policy.headerName, headerValueOf(next));
    return instance.request({ ...config, headers, [REPLAY]: true } as Marked);
  }

  const requestId = instance.interceptors.request.use(authorise);
  const responseId = instance.interceptors.response.use(
    async (response) => (await recover(response)) ?? response,
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
