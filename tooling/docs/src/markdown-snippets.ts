import type { Snippet } from './snippet.js';

const FENCE = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * The ```ts and ```typescript blocks of a Markdown document (indented ones too, e.g. in a list;
 * blocks nested in another fence are not code of the document). A block right after
 * `<!-- file: path -->` quotes that file of the repository, and says so in its `path`.
 *
 * @param file - the document's path, relative to the repository root
 * @param text - its content
 * @returns the blocks, in order
 */
export function markdownSnippets(file: string, text: string): Snippet[] {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index] ?? '');
    if (open === null) continue;
    const [, indent = '', fence = '', language = ''] = open;
    const closing = new RegExp(`^ *${fence[0]}{${fence.length},}\\s*$`);
    const start = index + 1;
    for (index = start; index < lines.length && !closing.test(lines[index] ?? ''); index += 1);
    if (language !== 'ts' && language !== 'typescript') continue;
    const code = lines.slice(start, index).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    const path = /^\s*<!--\s*file:\s*(\S+)\s*-->\s*$/.exec(lines[start - 2] ?? '')?.[1];
    const snippet = { file, line: start + 1, location: `${file}:${start}`, code: code.join('\n') };
    snippets.push(path === undefined ? snippet : { ...snippet, path });
  }
  return snippets;
}
