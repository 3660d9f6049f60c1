import type { ChildProcess } from 'node:child_process';
import { createProvider, withAuth } from '@authwire/core';
import { mastersIndia } from '@authwire/masters-india';
import { oauth2 } from '@authwire/oauth2';
import { unionService } from '@authwire/union-service';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, spawnCli } from './run-cli.js';

const providers = [mastersIndia, unionService, oauth2];
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Resolves with everything the stream has written once it holds `marker`. */
function readUntil(stream: NodeJS.ReadableStream, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer | string) => {
      text += String(chunk);
      if (text.includes(marker)) {
        stream.off('data', onData);
        resolve(text);
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`stream ended before ${JSON.stringify(marker)}: ${text}`)));
  });
}

interface EmulatorJson {
  url: string;
  note: string;
  providers: Record<string, { config: Record<string, unknown>; protectedUrl: string }>;
  oauth2Realm: { issuer: string; tokenUrl: string };
  mastersIndiaApiKey: string;
}

describe('authwire emulator', () => {
  it('--port 0 --json: one JSON object whose configs work; SIGTERM stops it with exit 0', async () => {
    child = spawnCli(['emulator', '--port', '0', '--json', '--access-lifetime', '120']);
    const stdout = child.stdout;
    const stderr = child.stderr;
    if (stdout === null || stderr === null) throw new Error('no pipes');
    const first = await readUntil(stdout, '\n');
    const out = JSON.parse(first) as EmulatorJson;
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.note).toContain('not real secrets');
    expect(Object.keys(out.providers).sort()).toEqual([
      'masters-india',
      'masters-india-api-key',
      'oauth2',
      'union-service',
    ]);
    expect(out.oauth2Realm).toEqual({
      issuer: `${out.url}/realms/authwire`,
      tokenUrl: `${out.url}/realms/authwire/protocol/openid-connect/token`,
    });
    expect(out.providers['masters-india-api-key']?.config).toMatchObject({ apiKey: out.mastersIndiaApiKey });

    const logged = readUntil(stderr, 'GET /union-service/api/sample 200');
    for (const [name, { config, protectedUrl }] of Object.entries(out.providers)) {
      const provider = createProvider(config, { providers });
      if (name !== 'masters-india-api-key') {
        const token = await provider.getToken();
        expect(token.expiresAt - Date.now()).toBeGreaterThan(60_000);
        expect(token.expiresAt - Date.now()).toBeLessThanOrEqual(121_000);
      }
      const res = await withAuth(provider)(protectedUrl);
      expect(res.status).toBe(200);
    }
    await logged;

    const result = collect(child);
    child.kill('SIGTERM');
    const { code } = await result;
    expect(code).toBe(0);
  });

  it('prints the URL, configs and a request log; SIGINT stops it with exit 0', async () => {
    child = spawnCli(['emulator', '--port', '0']);
    const stdout = child.stdout;
    if (stdout === null) throw new Error('no pipe');
    const banner = await readUntil(stdout, 'Ctrl-C to stop');
    const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1];
    expect(url).toBeDefined();
    expect(banner).toContain('not real secrets');
    expect(banner).toContain(`protected: ${url}/union-service/api/sample`);
    expect(banner).toContain(`protected: ${url}/api/v1/sample/`);
    expect(banner).toContain(`protected: ${url}/api/sample`);
    expect(banner).toContain(
      `oauth2 realm: ${url}/realms/authwire (token endpoint ${url}/realms/authwire/protocol/openid-connect/token)`,
    );
    expect(banner).toContain('masters-india api key: authwire-emulator-api-key');
    expect(banner).toContain(
      `masters-india-api-key\n  config:    {"provider":"masters-india","baseUrl":"${url}","apiKey":"authwire-emulator-api-key"}\n  protected: ${url}/api/v1/get-einvoice/`,
    );

    const logged = readUntil(stdout, 'GET /api/v1/sample/ 401');
    expect((await fetch(`${url}/api/v1/sample/`)).status).toBe(401);
    await logged;

    const result = collect(child);
    child.kill('SIGINT');
    const { code, stdout: rest } = await result;
    expect(code).toBe(0);
    expect(rest).toContain('emulator stopped');
  });

  it('a port in use: one line, exit 1', async () => {
    child = spawnCli(['emulator', '--port', '0', '--json']);
    const stdout = child.stdout;
    if (stdout === null) throw new Error('no pipe');
    const { url } = JSON.parse(await readUntil(stdout, '\n')) as EmulatorJson;
    const second = await collect(spawnCli(['emulator', '--port', new URL(url).port]));
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^authwire: cannot start the emulator on 127\.0\.0\.1:\d+ \(EADDRINUSE\)\n$/);
  });
});
