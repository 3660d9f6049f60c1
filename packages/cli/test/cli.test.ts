import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { assertNoSecretLeaked, runCli, SECRET } from './run-cli.js';

afterAll(assertNoSecretLeaked);

describe('help and version', () => {
  it('authwire --help lists every command', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Usage: authwire <command>');
    for (const name of ['token', 'header', 'curl', 'emulator', 'check-config']) expect(stdout).toContain(`  ${name} `);
  });

  it.each(['token', 'header', 'curl', 'emulator', 'check-config'])('authwire %s --help', async (name) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await runCli([name, flag]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain(`Usage: authwire ${name}`);
    }
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it('no command: usage on stderr, exit 2', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: authwire <command>');
  });
});

describe('usage errors: exit 2, one line, no argument values', () => {
  it.each([
    [[SECRET], 'unknown command'],
    [['token', '--bogus'], 'unknown option --bogus'],
    [['token', `--bogus=${SECRET}`], 'unknown option --bogus'],
    [['token', SECRET], 'unexpected argument'],
    [['token', '--username'], 'option --username needs a value'],
    [['token', '--json=yes'], 'option --json takes no value'],
    [['token', '--set', SECRET], 'option --set needs key=value'],
    [['token', '--set', `headers={${SECRET}`], 'not valid JSON'],
    [['emulator', '--port', 'x'], 'option --port must be a whole number'],
    [['--json'], 'unknown option --json'],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^authwire: [^\n]+\n$/);
    expect(stderr).toContain(message);
  });

  it.each([
    [['token', '--password', SECRET]],
    [['header', `--password=${SECRET}`]],
    [['curl', '--password', SECRET, '--', 'https://example.com']],
    [['check-config', '--set', `password=${SECRET}`]],
  ])('refuses the password on the command line: %j', async (args) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^authwire: passwords are not accepted on the command line[^\n]*AUTHWIRE_PASSWORD[^\n]*\n$/);
  });
});
