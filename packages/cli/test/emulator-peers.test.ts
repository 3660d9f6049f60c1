/**
 * `@authwire/testing` and `msw` are optional peers of the CLI: a production install has neither.
 * The built CLI runs here from a temporary directory whose `node_modules` holds only its
 * dependencies (linked to this workspace's packages), so that Node's own resolution of the
 * emulator's lazy `import()` fails as it would there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './run-cli.js';

const packages = fileURLToPath(new URL('../../', import.meta.url));
const MESSAGE = 'authwire: authwire emulator needs @authwire/testing and msw: npm i -D @authwire/testing msw\n';

let root: string;

/** `<root>/<name>/cli`: the built CLI beside `node_modules` holding its dependencies and `extra`. */
async function install(name: string, extra: (modules: string) => Promise<void> = async () => {}): Promise<string> {
  const modules = join(root, name, 'node_modules', '@authwire');
  await mkdir(modules, { recursive: true });
  for (const dependency of ['core', 'masters-india', 'oauth2', 'union-service']) {
    await symlink(join(packages, dependency), join(modules, dependency), 'dir');
  }
  await extra(modules);
  const cli = join(root, name, 'cli');
  await cp(join(packages, 'cli/dist'), join(cli, 'dist'), { recursive: true });
  await cp(join(packages, 'cli/package.json'), join(cli, 'package.json'));
  return join(cli, 'dist/cli.js');
}

/** Runs the built CLI to its end, killed after 10 s (an emulator that started would run on). */
function run(cli: string, args: readonly string[], env: Record<string, string> = {}): ReturnType<typeof collect> {
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return collect(child).finally(() => clearTimeout(timer));
}

beforeAll(async () => {
  for (const built of ['cli/dist/cli.js', 'testing/dist/index.js']) {
    if (!existsSync(join(packages, built))) {
      throw new Error(`packages/${built} is missing: run \`pnpm build\` first (pnpm test does)`);
    }
  }
  root = await mkdtemp(join(tmpdir(), 'authwire-cli-peers-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('authwire emulator without its optional peers', () => {
  it('neither @authwire/testing nor msw installed: says what to install, exit 1; other commands work', async () => {
    const cli = await install('production');
    const { code, stdout, stderr } = await run(cli, ['emulator', '--port', '0']);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: MESSAGE });

    const config = await run(
      cli,
      ['check-config', '--provider', 'union-service', '--base-url', 'https://union.example.com', '--username', 'u'],
      { AUTHWIRE_PASSWORD: 'not-a-real-password' },
    );
    expect({ code: config.code, stderr: config.stderr }).toEqual({ code: 0, stderr: '' });
    expect(config.stdout).toContain('provider: union-service');

    // The Redis store is an optional peer too.
    const redis = await run(
      cli,
      [
        'token',
        '--provider',
        'union-service',
        '--base-url',
        'https://union.example.com',
        '--username',
        'u',
        '--store',
        'redis://127.0.0.1:9',
      ],
      { AUTHWIRE_PASSWORD: 'not-a-real-password' },
    );
    expect(redis).toEqual({
      code: 2,
      stdout: '',
      stderr: 'authwire: --store redis://… needs @authwire/redis: npm i @authwire/redis\n',
    });
  });

  it('@authwire/testing installed without msw: the same message, exit 1', async () => {
    const cli = await install('without-msw', async (modules) => {
      // A copy, not a link: a link would resolve msw from this workspace's testing package.
      const testing = join(modules, 'testing');
      await cp(join(packages, 'testing/dist'), join(testing, 'dist'), { recursive: true });
      await cp(join(packages, 'testing/package.json'), join(testing, 'package.json'));
    });
    const { code, stdout, stderr } = await run(cli, ['emulator', '--port', '0', '--json']);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: MESSAGE });
  });
});
