import { proseLines } from './markdown-prose.js';

/** A link of a Markdown document to a path of this repository. */
export interface RelativeLink {
  line: number;
  /** The target as written: `../core/README.md#stores`, `#errors`, `results.md`. */
  target: string;
}

/**
 * The relative links of a Markdown document: inline links and images (`[text](target)`) and
 * reference definitions (`[id]: target`), outside code. Links with a scheme (`https:`,
 * `mailto:`) or to another host (`//…`) are not relative.
 *
 * @param text - the document
 * @returns the links, in order
 */
export function relativeLinks(text: string): RelativeLink[] {
  const links: RelativeLink[] = [];
  proseLines(text).forEach((prose, index) => {
    const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
    const reference = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)/.exec(prose)?.[1];
    for (const target of [...inline, reference]) {
      if (target !== undefined && !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(target)) links.push({ line: index + 1, target });
    }
  });
  return links;
}
