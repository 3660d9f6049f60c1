/** PBKDF2-SHA-256 rounds of a credential hash: slow enough that a stored hash is no cheap way back to a password. */
export const CREDENTIAL_ITERATIONS = 100_000;

const PREFIX = `pbkdf2-sha256$${CREDENTIAL_ITERATIONS}$`;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The hash that binds a stored token to the credentials that obtained it (DESIGN invariant 9):
 * PBKDF2-SHA-256 over the account's secrets, salted with the account's cache key, so that every
 * process holding the same credentials derives the same value and compares by equality, while a
 * store's content costs a brute-force attacker {@link CREDENTIAL_ITERATIONS} rounds per guess and
 * account. WebCrypto only: it runs on every runtime core supports.
 *
 * @param cacheKey - the account's cache key (the salt)
 * @param secrets - the adapter's declared secrets; none → `undefined` (nothing to bind)
 * @returns `pbkdf2-sha256$<iterations>$<base64url>`, or `undefined`
 */
export async function hashCredential(cacheKey: string, secrets: readonly string[]): Promise<string | undefined> {
  if (secrets.length === 0) return undefined;
  const encoder = new TextEncoder();
  const material = await crypto.subtle.importKey('raw', encoder.encode(JSON.stringify(secrets)), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'PBKDF2',
      hash: 'SHA-256',
      salt: encoder.encode(`authwire:${cacheKey}`),
      iterations: CREDENTIAL_ITERATIONS,
    },
    material,
    256,
  );
  return PREFIX + base64url(new Uint8Array(bits));
}
