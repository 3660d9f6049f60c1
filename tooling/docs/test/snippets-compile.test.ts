import { beforeAll, describe, expect, it } from 'vitest';
import { collectSnippets } from '../src/collect-snippets.js';
import type { Snippet } from '../src/snippet.js';
import { typecheckSnippets } from '../src/typecheck-snippets.js';

// STYLE 13: every code block in the docs compiles. Each ```ts block of README.md,
// packages/*/README.md, examples/*/README.md and docs/*.md, and each `@example` of
// packages/*/src, is typechecked as its own module, all in one program, with the ambient names of
// tooling/docs/snippet-prelude.d.ts.

describe('the code blocks of the documentation', () => {
  let snippets: Snippet[];
  let errors: Map<string, string[]>;

  beforeAll(async () => {
    snippets = await collectSnippets();
    errors = await typecheckSnippets(snippets);
  }, 120_000);

  it('are found in every kind of document', () => {
    const from = (pattern: RegExp) => snippets.filter((snippet) => pattern.test(snippet.file)).length;
    expect(from(/^README\.md$/)).toBeGreaterThan(0);
    expect(from(/^packages\/[^/]+\/README\.md$/)).toBeGreaterThan(10);
    expect(from(/^packages\/[^/]+\/src\//)).toBeGreaterThan(30);
  });

  it('compile, every one of them', () => {
    const failures = [...errors.values()].flat();
    expect(failures, `snippets that do not compile:\n${failures.join('\n')}`).toEqual([]);
  });
});
