import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { markdownFiles, packageSources, ROOT } from './doc-files.js';
import { jsdocSnippets } from './jsdoc-snippets.js';
import { markdownSnippets } from './markdown-snippets.js';
import type { Snippet } from './snippet.js';

/**
 * Every TypeScript snippet of the documentation: the ```ts blocks of {@link markdownFiles} and
 * the `@example` blocks of {@link packageSources}.
 *
 * @returns the snippets, documents first
 */
export async function collectSnippets(): Promise<Snippet[]> {
  const read = (file: string) => readFile(join(ROOT, file), 'utf8');
  const documents = await Promise.all(
    (await markdownFiles()).map(async (file) => markdownSnippets(file, await read(file))),
  );
  const sources = await Promise.all(
    (await packageSources()).map(async (file) => jsdocSnippets(file, await read(file))),
  );
  return [...documents.flat(), ...sources.flat()];
}
