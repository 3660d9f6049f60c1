import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { headingAnchors } from './heading-anchors.js';
import { relativeLinks } from './relative-links.js';

/**
 * Checks the relative links of Markdown documents: each must name an existing file or folder,
 * and a `#anchor` into a Markdown document (the same one, or another) one of its headings.
 *
 * @param root - the directory the paths are relative to
 * @param files - the documents, relative to `root`
 * @returns `file:line: target (why)` for every broken link
 */
export async function brokenLinks(root: string, files: readonly string[]): Promise<string[]> {
  const anchors = new Map<string, Set<string>>();
  const anchorsOf = async (path: string) => {
    const known = anchors.get(path) ?? headingAnchors(await readFile(path, 'utf8'));
    anchors.set(path, known);
    return known;
  };
  const broken: string[] = [];
  for (const file of files) {
    const path = join(root, file);
    for (const { line, target } of relativeLinks(await readFile(path, 'utf8'))) {
      const [pathPart = '', anchor] = target.split('#', 2);
      const linked = pathPart === '' ? path : join(dirname(path), decodeURIComponent(pathPart));
      const found = await stat(linked).catch(() => undefined);
      const why =
        found === undefined
          ? `${relative(root, linked)} does not exist`
          : anchor !== undefined && found.isFile() && linked.endsWith('.md') && !(await anchorsOf(linked)).has(anchor)
            ? `${relative(root, linked) || file} has no heading #${anchor}`
            : undefined;
      if (why !== undefined) broken.push(`${file}:${line}: ${target} (${why})`);
    }
  }
  return broken;
}
