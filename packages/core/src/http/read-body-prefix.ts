/**
 * Reads at most `maxBytes` of a response's body as text, from a clone, so that the caller still
 * gets the whole body: what an adapter's `isTokenRejected` needs to recognise a refusal by its
 * words. Never throws (an unreadable body reads as `''`) and never waits for more than it needs.
 *
 * @param response - an API's response
 * @param maxBytes - how much of the body to read
 * @returns the start of the body, decoded as UTF-8
 * @default maxBytes 4096
 * @example
 * ```ts
 * import { readBodyPrefix } from '@authwire/core';
 *
 * const isTokenRejected = async (response: Response) =>
 *   response.status === 401 ||
 *   (response.status === 403 && (await readBodyPrefix(response)).includes('token_not_valid'));
 * ```
 */
export async function readBodyPrefix(response: Response, maxBytes = 4096): Promise<string> {
  if (response.body === null || response.bodyUsed) return '';
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    reader = response.clone().body?.getReader();
    if (reader === undefined) return '';
    const decoder = new TextDecoder();
    let text = '';
    let read = 0;
    while (read < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = value.subarray(0, maxBytes - read);
      read += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
    }
    return text + decoder.decode();
  } catch {
    return '';
  } finally {
    reader?.cancel().catch(() => undefined);
  }
}
