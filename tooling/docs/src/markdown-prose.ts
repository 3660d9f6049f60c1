/**
 * The lines of a Markdown document with code taken out: fenced blocks become empty lines and
 * inline code spans spaces, so that what looks like a link or a heading inside code is not one.
 * Line numbers are kept.
 *
 * @param text - the document
 * @returns one string per line of `text`
 */
export function proseLines(text: string): string[] {
  let fence: RegExp | undefined;
  return text.split('\n').map((line) => {
    if (fence !== undefined) {
      if (fence.test(line)) fence = undefined;
      return '';
    }
    const open = /^ *(`{3,}|~{3,})/.exec(line);
    if (open?.[1] !== undefined) {
      fence = new RegExp(`^ *${open[1][0]}{${open[1].length},}\\s*$`);
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
  });
}
