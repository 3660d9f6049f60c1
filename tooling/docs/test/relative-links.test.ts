import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenLinks } from '../src/broken-links.js';
import { markdownFiles, ROOT } from '../src/doc-files.js';
import { headingAnchors } from '../src/heading-anchors.js';
import { relativeLinks } from '../src/relative-links.js';

describe('the relative links of the documentation', () => {
  it('point to existing files, and to existing headings', async () => {
    const files = await markdownFiles();
    const links = await Promise.all(files.map(async (file) => relativeLinks(await readFile(join(ROOT, file), 'utf8'))));
    expect(links.flat().length).toBeGreaterThan(30);
    expect(await brokenLinks(ROOT, files)).toEqual([]);
  });
});

describe('brokenLinks', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'authwire-links-'));
    await mkdir(join(root, 'docs'));
    await writeFile(
      join(root, 'docs', 'guide.md'),
      '# Guide\n\n## `withAuth` / `authHooks`\n\n## Stores\n\n## Stores\n',
    );
    await writeFile(
      join(root, 'README.md'),
      [
        '# Title', //                                                                     1
        '[guide](docs/guide.md) [dir](docs) [api](docs/guide.md#withauth--authhooks)', // 2
        '[second](docs/guide.md#stores-1) [here](#title) ![logo](docs/logo.png)', //      3
        '[gone](docs/gone.md) [no heading](docs/guide.md#errors) [self](#nothing)', //    4
        '[web](https://example.com/x.md) [mail](mailto:a@example.com) `[code](x.md)`', // 5
        '```md', //                                                                       6
        '[in a fence](fenced.md)', //                                                     7
        '```', //                                                                         8
        '[ref]: docs/missing.md', //                                                      9
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports links to missing files, missing headings and missing images; ignores code and other hosts', async () => {
    expect(await brokenLinks(root, ['README.md'])).toEqual([
      'README.md:3: docs/logo.png (docs/logo.png does not exist)',
      'README.md:4: docs/gone.md (docs/gone.md does not exist)',
      'README.md:4: docs/guide.md#errors (docs/guide.md has no heading #errors)',
      'README.md:4: #nothing (README.md has no heading #nothing)',
      'README.md:9: docs/missing.md (docs/missing.md does not exist)',
    ]);
  });

  it('names headings as GitHub does', () => {
    expect([
      ...headingAnchors(
        '# @authwire/core\n## `withAuth` / `authHooks`\n## Options (`TokenProviderOptions`)\n## A\n## A',
      ),
    ]).toEqual(['authwirecore', 'withauth--authhooks', 'options-tokenprovideroptions', 'a', 'a-1']);
  });
});
