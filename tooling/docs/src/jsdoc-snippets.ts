import type { Snippet } from './snippet.js';

const COMMENT = /\/\*\*[\s\S]*?\*\//g;
const FENCE = /^(`{3,})\s*([^\s`]*)\s*$/;

/**
 * The fenced code blocks of the `@example` tags of a TypeScript file's JSDoc comments (a fence
 * without a language counts as TypeScript; one marked `sh`, `json`, … does not).
 *
 * @param file - the source's path, relative to the repository root
 * @param text - its content
 * @returns the blocks, in order
 */
export function jsdocSnippets(file: string, text: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const comment of text.matchAll(COMMENT)) {
    const firstLine = text.slice(0, comment.index).split('\n').length;
    // Each line without its leading ` * ` (and the comment's `/**` and `*/`).
    const lines = comment[0]
      .replace(/^\/\*\*/, '')
      .replace(/\*\/$/, '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''));
    let inExample = false;
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index] ?? '';
      if (/^\s*@\w+/.test(line)) inExample = /^\s*@example\b/.test(line);
      const open = inExample ? FENCE.exec(line.trim()) : null;
      if (open === null) continue;
      const [, fence = '', language = ''] = open;
      const start = index + 1;
      for (index = start; index < lines.length && lines[index]?.trim() !== fence; index += 1);
      if (!['', 'ts', 'typescript'].includes(language)) continue;
      snippets.push({
        file,
        line: firstLine + start,
        location: `${file}:${firstLine + start - 1}`,
        code: lines.slice(start, index).join('\n'),
      });
    }
  }
  return snippets;
}
