import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './doc-files.js';
import type { Snippet } from './snippet.js';

/** Where the snippets are written: inside the repository, so the root tsconfig's paths apply. */
const WORK_DIR = join(ROOT, 'tooling/docs/.snippets');

/** The ambient declarations every snippet sees (the free names snippets commonly use). */
export const PRELUDE = join(ROOT, 'tooling/docs/snippet-prelude.d.ts');

/**
 * Typechecks every snippet as its own module, in one TypeScript program with the root
 * tsconfig's options and paths (`@authwire/*` → the packages' sources) and {@link PRELUDE}.
 * A snippet's relative imports resolve from its document's folder, as if it sat there, or from
 * the folder of the file it quotes (`path`) (`rootDirs`). Only the snippets are checked, not the sources they import (`pnpm typecheck`
 * does that).
 *
 * @param snippets - the code blocks to check
 * @returns the errors of each failing snippet, by its `location`, each as `file:line: message`
 *   with the line in the document; problems of the program itself under `(program)`
 */
export async function typecheckSnippets(snippets: readonly Snippet[]): Promise<Map<string, string[]>> {
  const dir = join(WORK_DIR, `${process.pid}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  try {
    const files = new Map<string, Snippet>();
    await Promise.all(
      snippets.map(async (snippet) => {
        const path = join(dir, snippet.path ?? `${snippet.file}.${snippet.line}.ts`);
        files.set(path, snippet);
        // Appended, so that line n of the file is line n of the snippet: every snippet is a module.
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, `${snippet.code}\nexport {};\n`);
      }),
    );
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      { noEmit: true },
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('cannot read tsconfig.json');
    const options = { ...config.options, rootDirs: [ROOT, dir] };
    const program = ts.createProgram({ rootNames: [PRELUDE, ...files.keys()], options });
    const errors = new Map<string, string[]>();
    const add = (location: string, message: string) => errors.set(location, [...(errors.get(location) ?? []), message]);
    const text = (diagnostic: ts.Diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
      add('(program)', text(diagnostic));
    }
    const prelude = program.getSourceFile(PRELUDE);
    const preludeDiagnostics = prelude
      ? [...program.getSyntacticDiagnostics(prelude), ...program.getSemanticDiagnostics(prelude)]
      : [];
    for (const diagnostic of preludeDiagnostics) {
      add('(program)', `${PRELUDE}: ${text(diagnostic)}`);
    }
    for (const [path, snippet] of files) {
      const source = program.getSourceFile(path);
      if (source === undefined) throw new Error(`${path} is not in the program`);
      for (const diagnostic of [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ]) {
        const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line;
        add(snippet.location, `${snippet.file}:${snippet.line + line}: ${text(diagnostic)}`);
      }
    }
    return errors;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rmdir(WORK_DIR).catch(() => undefined); // unless another run is using it
  }
}
