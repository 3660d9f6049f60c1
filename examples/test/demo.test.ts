/**
 * `pnpm demo`, the README's first command, run as a user runs it: the same tsx and tsconfig as the
 * root `demo` script, in a subprocess, on its embedded emulator.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

it('pnpm demo: the four kinds of provider with the same application code, one token call per storm, no secret printed', async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/demo/demo.ts'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: 'tsconfig.json' },
    timeout: 60_000,
  });
  expect(stderr).toBe('');
  for (const title of [
    'masters-india (JWT login)',
    'masters-india (api_key)',
    'union-service',
    'oauth2 (client credentials)',
  ]) {
    expect(stdout).toContain(`▶ ${title}`);
  }
  // Three providers with a lifecycle: each storm of 100 costs one token call, each 401 one replay.
  expect(stdout.match(/100 concurrent requests \(fetch \+ ky\): all HTTP 200, 1 token call/g)).toHaveLength(3);
  expect(stdout.match(/401 → invalidated that token → renewed → replayed once → 200/g)).toHaveLength(3);
  expect(stdout).toContain('wrong password → INVALID_CREDENTIALS');
  expect(stdout).toContain('wrong clientSecret → INVALID_CREDENTIALS');
  expect(stdout).toContain('wrong key → HTTP 401 returned as it is');
  expect(stdout).toMatch(/✔ demo done: 4 kinds of provider, \d+ authorized requests/);
  // The emulator's demo secrets never reach the output (configs are shown masked).
  for (const secret of ['demo-password', 'authwire-client-secret', 'authwire-emulator-api-key']) {
    expect(stdout).not.toContain(secret);
  }
}, 90_000);
