import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);

// docs/adapter-guide.md quotes this example's files whole: they must not drift apart.
it('docs/adapter-guide.md quotes every file of the example exactly as it is', async () => {
  const guide = await readFile(new URL('docs/adapter-guide.md', root), 'utf8');
  const quoted = [...guide.matchAll(/<!-- file: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)];
  expect(quoted.map(([, path]) => path)).toEqual([
    'examples/custom-adapter/src/acme.ts',
    'examples/custom-adapter/src/acme-handlers.ts',
    'examples/custom-adapter/test/acme.test.ts',
  ]);
  for (const [, path, code] of quoted) {
    expect(code, path).toBe((await readFile(new URL(path ?? '', root), 'utf8')).trimEnd());
  }
});
