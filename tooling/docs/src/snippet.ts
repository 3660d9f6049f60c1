/** A TypeScript code block found in the documentation. */
export interface Snippet {
  /** Where it is, relative to the repository root. */
  file: string;
  /** The line of `file` that holds the snippet's first line of code (1-based). */
  line: number;
  /** `file:line` of the block's opening fence: how errors and the allowlist name a snippet. */
  location: string;
  code: string;
  /**
   * The repository file the block is, when the document says so (`<!-- file: path -->` on the
   * line before the fence): the block is checked in that file's place.
   */
  path?: string;
}
