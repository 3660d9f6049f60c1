/**
 * One attempt outlived its deadline. Not named `TimeoutError`: ky retries it like any other
 * transient failure, where it would give up on its own timeouts.
 */
export class AttemptTimeoutError extends Error {
  override name = 'AttemptTimeoutError' as const;
}

/** The connection failed while the response's body was being read. */
export class ResponseCutOffError extends Error {
  override name = 'ResponseCutOffError' as const;
  constructor(
    readonly status: number,
    cause: unknown,
  ) {
    super('the response was cut off', { cause });
  }
}

// Statuses whose Response cannot be built with a body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The response with its body read whole: what a deadline over the attempt must include. */
async function readWhole(pending: Promise<Response>): Promise<Response> {
  const response = await pending;
  if (response.body === null || response.status < 200 || response.status > 599) return response;
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (error) {
    throw new ResponseCutOffError(response.status, error);
  }
  return new Response(NULL_BODY.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * One HTTP attempt under one deadline covering sending, the response headers and the whole body
 * (a server that sends headers and then stalls or trickles its body must not hold callers). It
 * resolves with a buffered Response, or rejects with {@link AttemptTimeoutError} once `timeoutMs`
 * has passed, aborting the request, even with a `fetch` that ignores its signal.
 *
 * @param fetcher - the `fetch` to call
 * @param input - what ky hands its `fetch`
 * @param init - what ky hands its `fetch`
 * @param timeoutMs - the deadline of the attempt
 * @returns the response, its body already read
 */
export async function fetchAttempt(
  fetcher: typeof fetch,
  input: Request | URL | string,
  init: RequestInit | undefined,
  timeoutMs: number,
): Promise<Response> {
  const deadline = new AbortController();
  const outer = init?.signal ?? (input instanceof Request ? input.signal : undefined);
  const signal = outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AttemptTimeoutError(`token request timed out after ${timeoutMs} ms`);
      reject(error);
      deadline.abort(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([readWhole(Promise.resolve().then(() => fetcher(input, { ...init, signal }))), expired]);
  } finally {
    clearTimeout(timer);
  }
}
