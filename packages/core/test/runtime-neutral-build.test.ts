import { access, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNodeUsage, type NodeUsage } from './fixtures/find-node-usage.js';

// DESIGN.md: core's main entry uses nothing of Node. Checked on what is published, the built
// dist (`pnpm test` builds first): the entry and every chunk it imports.
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

const found = (usages: NodeUsage[]) => usages.map(({ file, kind, name }) => `${file} ${kind} ${name}`);

async function builtEntry(dist: string): Promise<string> {
  const entry = join(dist, 'index.js');
  await access(entry).catch(() => {
    throw new Error(`${entry} is missing: run \`pnpm build\` first (pnpm test does)`);
  });
  return entry;
}

describe("core's built main entry", () => {
  it('imports no Node module and uses no Node global, in dist/index.js or any chunk it imports', async () => {
    const report = await findNodeUsage(await builtEntry(DIST));
    expect(report.files).toContain('index.js');
    expect(report.files.some((file) => /^chunk-.*\.js$/.test(file))).toBe(true);
    expect(report.files).not.toContain('node/index.js');
    expect(found(report.usages)).toEqual([]);
  });

  it('is told apart from ./node, whose built imports keep their node: prefix', async () => {
    const { usages } = await findNodeUsage(join(DIST, 'node', 'index.js'));
    const modules = new Set(usages.filter((usage) => usage.kind === 'import').map((usage) => usage.name));
    expect(modules.size).toBeGreaterThan(2);
    expect([...modules].every((name) => name.startsWith('node:'))).toBe(true);
  });
});

describe('findNodeUsage, on a copy of the build', () => {
  let copy: string;
  let chunk: string;

  beforeAll(async () => {
    await builtEntry(DIST);
    copy = await mkdtemp(join(tmpdir(), 'authwire-core-dist-'));
    await cp(DIST, copy, { recursive: true });
    const imported = (await readdir(copy)).find((file) => /^chunk-.*\.js$/.test(file));
    if (imported === undefined) throw new Error('dist has no chunk');
    chunk = imported;
  });

  afterAll(async () => {
    if (copy !== undefined) await rm(copy, { recursive: true, force: true });
  });

  /** Adds `code` to a fresh copy of one built file and scans the entry. */
  async function scanWith(file: 'index.js' | 'chunk', code: string, at: 'start' | 'end' = 'end') {
    const name = file === 'chunk' ? chunk : file;
    const dir = await mkdtemp(join(copy, 'case-'));
    await cp(DIST, dir, { recursive: true });
    const original = await readFile(join(DIST, name), 'utf8');
    await writeFile(join(dir, name), at === 'start' ? `${code}\n${original}` : `${original}\n${code}\n`);
    return findNodeUsage(join(dir, 'index.js'));
  }

  it('finds process.env in the entry', async () => {
    const { usages } = await scanWith('index.js', 'export const leaked = process.env.SECRET;');
    expect(found(usages)).toEqual(['index.js global process']);
  });

  it("finds import 'fs' in the entry", async () => {
    const { usages } = await scanWith('index.js', "import 'fs';", 'start');
    expect(found(usages)).toEqual(['index.js import fs']);
  });

  it('finds both, and follows the entry into its chunks', async () => {
    const { usages } = await scanWith('chunk', "import 'fs';\nexport const leaked = process.env.SECRET;", 'start');
    expect(found(usages)).toEqual([`${chunk} import fs`, `${chunk} global process`]);
    expect(usages[0]).toMatchObject({ line: 1, column: 8 });
  });

  it.each([
    ['import { readFile } from "node:fs/promises";', 'import node:fs/promises', 'start'],
    ['import { readFile } from "fs/promises";', 'import fs/promises', 'start'],
    ['export { createHash } from "crypto";', 'import crypto', 'end'],
    ['export const load = () => import("os");', 'import os', 'end'],
    ['export const load = () => import("node:test");', 'import node:test', 'end'],
    ['export const bytes = Buffer.from("x");', 'global Buffer', 'end'],
    ['export const here = __dirname + __filename;', 'global __dirname|global __filename', 'end'],
    ['export const g = global;', 'global global', 'end'],
    ['export const env = { process };', 'global process', 'end'],
    ['export const path = require("path");', 'global require|import path', 'end'],
  ] as const)('finds %s', async (code, expected, at) => {
    const { usages } = await scanWith('index.js', code, at);
    expect(found(usages)).toEqual(expected.split('|').map((usage) => `index.js ${usage}`));
  });

  it('ignores strings, comments, property names and local bindings', async () => {
    const code = [
      'const note = "process.env and require(\'fs\') in a string";',
      '// Buffer.from(process.env.X) in a comment',
      '/* import "fs" */',
      'const shape = { process: 1, Buffer() {}, get global() { return 1; } };',
      'const { process: renamed } = shape;',
      'export const read = (o) => o.process + o.require + renamed + note;',
      'export function local(process) { const Buffer = 1; return process.env + Buffer; }',
      'export const tpl = `__dirname`;',
    ].join('\n');
    const { usages } = await scanWith('index.js', code);
    expect(found(usages)).toEqual([]);
  });
});
