import { describe, expect, it } from 'vitest';
import { jsdocSnippets } from '../src/jsdoc-snippets.js';
import { markdownSnippets } from '../src/markdown-snippets.js';
import { typecheckSnippets } from '../src/typecheck-snippets.js';

const fence = '```';

describe('markdownSnippets', () => {
  const document = [
    '# Title', //                                          1
    `${fence}ts`, //                                       2
    'const a = 1;', //                                     3
    fence, //                                              4
    `${fence}sh`, //                                       5
    'npm i', //                                            6
    fence, //                                              7
    '- a list item:', //                                   8
    '', //                                                 9
    `  ${fence}typescript`, //                            10
    '  const b = 2;', //                                  11
    '    const c = 3;', //                                12
    `  ${fence}`, //                                      13
    `${fence}${fence}md`, //                              14
    `${fence}ts`, //                                      15
    'not code of this document', //                       16
    fence, //                                             17
    `${fence}${fence}`, //                                18
  ].join('\n');

  it('finds ```ts and ```typescript blocks, indented ones too, with the line of their first line of code', () => {
    expect(markdownSnippets('doc.md', document)).toEqual([
      { file: 'doc.md', line: 3, location: 'doc.md:2', code: 'const a = 1;' },
      { file: 'doc.md', line: 11, location: 'doc.md:10', code: 'const b = 2;\n  const c = 3;' },
    ]);
  });
});

describe('jsdocSnippets', () => {
  const source = [
    '/**', //                                               1
    ' * Does a thing.', //                                  2
    ' * ```ts', //                                          3
    ' * notAnExample();', //                                4
    ' * ```', //                                            5
    ' *', //                                                6
    ' * @param x - a number', //                            7
    ' * @example', //                                       8
    ' * ```ts', //                                          9
    ' * thing(1);', //                                     10
    ' *   thing(2);', //                                   11
    ' * ```', //                                           12
    ' * @example', //                                      13
    ' * ```sh', //                                         14
    ' * thing --help', //                                  15
    ' * ```', //                                           16
    ' */', //                                              17
    'export function thing(x: number) {}', //              18
    '/** @example', //                                     19
    ' * ```', //                                           20
    ' * thing(3);', //                                     21
    ' * ```', //                                           22
    ' */', //                                              23
  ].join('\n');

  it('finds the fenced blocks of @example tags only, TypeScript only, with the line of their first line of code', () => {
    expect(jsdocSnippets('src/thing.ts', source)).toEqual([
      { file: 'src/thing.ts', line: 10, location: 'src/thing.ts:9', code: 'thing(1);\n  thing(2);' },
      { file: 'src/thing.ts', line: 21, location: 'src/thing.ts:20', code: 'thing(3);' },
    ]);
  });
});

describe('typecheckSnippets', () => {
  it('reports each error at its line in the document, keeps snippets apart, and resolves like the document', async () => {
    const errors = await typecheckSnippets([
      // Compiles: the prelude declares `provider`; `@authwire/*` resolve to the sources.
      {
        file: 'README.md',
        line: 10,
        location: 'README.md:9',
        code: 'const header: string = await provider.getAuthorizationHeader();',
      },
      // Its own module: declaring `header` again is no conflict.
      {
        file: 'README.md',
        line: 20,
        location: 'README.md:19',
        code: "import { withAuth } from '@authwire/core';\n\nconst header = withAuth(provider);\nconst n: number = 'one';",
      },
      // A relative import resolves from the document's folder.
      {
        file: 'packages/core/src/errors/example.ts',
        line: 5,
        location: 'packages/core/src/errors/example.ts:4',
        code: "import { createRedactor } from './redactor.js';\n\ncreateRedactor([password]).redact(42);",
      },
      { file: 'docs/guide.md', line: 3, location: 'docs/guide.md:2', code: 'undeclaredName();' },
    ]);
    expect(Object.fromEntries(errors)).toEqual({
      'README.md:19': ["README.md:23: Type 'string' is not assignable to type 'number'."],
      'packages/core/src/errors/example.ts:4': [
        "packages/core/src/errors/example.ts:7: Argument of type 'number' is not assignable to parameter of type 'string'.",
      ],
      'docs/guide.md:2': ["docs/guide.md:3: Cannot find name 'undeclaredName'."],
    });
  }, 60_000);
});
