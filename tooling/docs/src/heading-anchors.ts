import { proseLines } from './markdown-prose.js';

/**
 * The anchor GitHub gives a heading: lower case, punctuation dropped (letters, digits, `_` and
 * `-` kept), each space a `-`.
 *
 * @param heading - the heading's text, Markdown included
 * @returns the anchor, without `#`
 */
export function slugOf(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * Every anchor a Markdown document defines: one per heading (`-1`, `-2`, … for repeated
 * headings, as GitHub does) and each `id` or `name` of an HTML element.
 *
 * @param text - the document
 * @returns the anchors, without `#`
 */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  // Headings are read with their code spans: `withAuth` is part of the anchor.
  const lines = text.split('\n');
  proseLines(text).forEach((prose, index) => {
    for (const [, id] of prose.matchAll(/<[a-z]+\s[^>]*\b(?:id|name)="([^"]+)"/gi)) anchors.add(id ?? '');
    if (!/^#{1,6}\s/.test(prose)) return;
    const slug = slugOf((lines[index] ?? '').replace(/^#{1,6}\s+/, '').replace(/\s+#+\s*$/, ''));
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  });
  return anchors;
}
