/** How many causes deep a network error's reason is looked for. */
const MAX_DEPTH = 5;

type Link = Error & { code?: unknown; errors?: unknown };

function messageOf(link: Link): string {
  const message = typeof link.message === 'string' ? link.message.trim() : '';
  // Node's happy-eyeballs connect fails with an empty AggregateError holding one error per address.
  if (message === '' && Array.isArray(link.errors)) {
    const each = link.errors.map((item) => (item instanceof Error ? item.message : '')).filter(Boolean);
    return [...new Set(each)].join('; ');
  }
  return message;
}

/**
 * What a failed `fetch` says happened, in words a person can act on: `connect ECONNREFUSED
 * 127.0.0.1:4010`, `getaddrinfo ENOTFOUND host.invalid`, `certificate has expired
 * (CERT_HAS_EXPIRED)`. undici wraps the reason in causes of a `TypeError: fetch failed`: the
 * deepest link carrying a `code` is the reason, else the deepest link with a message. Not redacted.
 *
 * @param error - what `fetch` rejected with
 * @returns the reason, `network error` when nothing says more
 */
export function describeNetworkError(error: unknown): string {
  const chain: Link[] = [];
  for (let current = error; chain.length <= MAX_DEPTH && current instanceof Error; current = current.cause) {
    chain.push(current);
  }
  const deepestFirst = chain.reverse();
  const reason =
    deepestFirst.find((link) => typeof link.code === 'string') ?? deepestFirst.find((link) => messageOf(link) !== '');
  if (reason === undefined) return 'network error';
  const message = messageOf(reason);
  const code = typeof reason.code === 'string' ? reason.code : '';
  if (message === '') return code || 'network error';
  return code === '' || message.includes(code) ? message : `${message} (${code})`;
}
