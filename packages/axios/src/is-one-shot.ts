/**
 * Whether a request body can be read once only (a Node `Readable`, a `form-data` stream, a web
 * `ReadableStream`, an async iterable): sent again, it would be empty or throw.
 */
export function isOneShot(data: unknown): boolean {
  return (
    typeof data === 'object' &&
    data !== null &&
    (typeof (data as { pipe?: unknown }).pipe === 'function' ||
      (typeof ReadableStream !== 'undefined' && data instanceof ReadableStream) ||
      Symbol.asyncIterator in data)
  );
}
