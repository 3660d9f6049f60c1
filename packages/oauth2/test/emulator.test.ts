import { createMemoryStore, withAuth } from '@authwire/core';
import { type Emulator, startEmulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauth2 } from '../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ cors: true });
});
afterAll(async () => {
  await emulator.close();
});

const options = () => ({ store: createMemoryStore(), retry: { limit: 0 } });

describe('startEmulator serves an OAuth2 realm', () => {
  it('at {url}/realms/authwire, with the documented client, over real HTTP', async () => {
    const realm = emulator.oauth2;
    expect(realm.tokenUrl).toBe(`${emulator.url}/realms/authwire/protocol/openid-connect/token`);
    expect(realm.config()).toEqual({
      tokenUrl: realm.tokenUrl,
      clientId: 'authwire-client',
      clientSecret: 'authwire-client-secret',
      origins: [emulator.url],
    });
    const before = realm.server.calls.login;
    const api = withAuth(oauth2(realm.config(), options()));
    const results = await Promise.all(Array.from({ length: 20 }, () => api(realm.protectedUrl)));
    expect(results.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(realm.server.calls.login - before).toBe(1);
    expect(emulator.log.some((entry) => entry.path === '/realms/authwire/protocol/openid-connect/token')).toBe(true);
  });

  it('by OIDC discovery, with the public client and the password grant, and client_secret_post', async () => {
    const realm = emulator.oauth2;
    const viaIssuer = oauth2(
      {
        issuer: realm.issuer,
        clientId: realm.publicClientId,
        grant: 'password',
        username: realm.user.username,
        password: realm.user.password,
        origins: [emulator.url],
      },
      options(),
    );
    const token = await viaIssuer.getToken();
    expect(token.refreshToken).toBeDefined();
    expect(realm.server.accepts(token.value)).toBe(true);
    expect(emulator.log.some((entry) => entry.path === '/realms/authwire/.well-known/openid-configuration')).toBe(true);
    const post = oauth2(realm.config({ clientAuth: 'post' }), options());
    expect(realm.server.accepts((await post.getToken()).value)).toBe(true);
  });

  it('keeps its CORS behaviour on the realm paths: a browser app on a loopback origin may call the token endpoint', async () => {
    const origin = 'http://localhost:5173';
    const preflight = await fetch(emulator.oauth2.tokenUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const discovery = await fetch(emulator.oauth2.discovery.url, { headers: { origin } });
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('access-control-allow-origin')).toBe(origin);
    const foreign = await fetch(emulator.oauth2.discovery.url, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes per-realm options: realm name, lifetimes, refresh tokens for client credentials', async () => {
    const other = await startEmulator({
      oauth2: { realm: 'shop', clientCredentialsRefreshTokens: true, accessLifetimeMs: 60_000 },
    });
    try {
      const token = await oauth2(other.oauth2.config(), options()).getToken();
      expect(other.oauth2.tokenUrl).toBe(`${other.url}/realms/shop/protocol/openid-connect/token`);
      expect(token.refreshToken).toBeDefined();
      const answer = await fetch(other.oauth2.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'authwire-client',
          client_secret: 'authwire-client-secret',
        }),
      });
      expect(await answer.json()).toMatchObject({ expires_in: 60, refresh_expires_in: 1800, token_type: 'Bearer' });
    } finally {
      await other.close();
    }
  });
});
