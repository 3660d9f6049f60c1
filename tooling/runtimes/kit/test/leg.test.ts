/**
 * What this leg runs on: the Node, msw and vitest the harness asked for (`AUTHWIRE_KIT_EXPECT`),
 * and the msw the kit itself resolves is the project's (no copy of its own, of another major).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const expected = JSON.parse(process.env.AUTHWIRE_KIT_EXPECT ?? '{}') as {
  node?: string;
  msw?: string;
  vitest?: string;
};
const versionOf = (from: string, name: string): string => {
  const manifest = createRequire(from).resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
};

it("runs on the leg's Node, msw and vitest, and the kit resolves the same msw", () => {
  const kit = createRequire(import.meta.url).resolve('@authwire/testing/package.json');
  expect({
    node: process.versions.node,
    msw: versionOf(import.meta.url, 'msw'),
    vitest: versionOf(import.meta.url, 'vitest'),
    kitMsw: versionOf(kit, 'msw'),
  }).toEqual({ node: expected.node, msw: expected.msw, vitest: expected.vitest, kitMsw: expected.msw });
});
