import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { exec } from './exec.js';
import { NODE_22, NODE_24, pinned, selectedIds } from './runtimes.js';

/** The kit legs, by id. */
export type KitLegId = 'msw3-vitest5' | 'msw2-vitest4' | 'msw2-vitest3';

/**
 * One kit leg: a scratch project that installs the packed kit with one msw major and one vitest
 * major from the registry, and runs the project's own vitest (`kit/`) under one Node.
 */
export interface KitLeg {
  readonly id: KitLegId;
  /** The Node that installs and runs the project, and the version it must report. */
  readonly node: { readonly file: string; readonly version: string };
  /** What the registry installs beside the tarballs, each pinned to an exact version. */
  readonly dependencies: { readonly msw: string; readonly vitest: string; readonly '@types/node': string };
  /** The majors those versions must be (a resolution slip to another major fails the leg). */
  readonly majors: { readonly msw: number; readonly vitest: number };
  /** The files it needs: a missing one skips it outside CI, and fails it in CI. */
  readonly needs: readonly string[];
}

/**
 * The legs (issue #18): msw 3 + vitest 5 on Node 24 (both need Node ≥ 22.12), the repo's own
 * msw 2.15 + vitest 4 on the machine's Node (20 in CI), and msw 2 + vitest 3 on Node 22. Together
 * they cover every major of the kit's peer ranges (msw 2 and 3, vitest 3, 4 and 5) and every Node
 * the matrix runs. Versions exact: a leg proves one release.
 */
export const KIT_LEGS: readonly KitLeg[] = [
  {
    id: 'msw3-vitest5',
    node: { file: NODE_24, version: pinned('node24') },
    dependencies: { msw: '3.0.5', vitest: '5.1.2', '@types/node': '24.19.4' },
    majors: { msw: 3, vitest: 5 },
    needs: [NODE_24],
  },
  {
    id: 'msw2-vitest4',
    node: { file: process.execPath, version: process.versions.node },
    dependencies: { msw: '2.15.0', vitest: '4.1.12', '@types/node': '20.19.43' },
    majors: { msw: 2, vitest: 4 },
    needs: [],
  },
  {
    id: 'msw2-vitest3',
    node: { file: NODE_22, version: pinned('node22') },
    dependencies: { msw: '2.15.0', vitest: '3.2.7', '@types/node': '22.20.7' },
    majors: { msw: 2, vitest: 3 },
    needs: [NODE_22],
  },
];

/**
 * The legs `AUTHWIRE_KIT_LEG` selects (`msw3-vitest5`, `msw2-vitest4`, `msw2-vitest3`,
 * comma-separated; all when unset), or an error naming the ids it does not know.
 *
 * @param selection - the variable's value
 * @returns the selected legs' ids
 * @example
 * ```ts
 * import { selectedKitLegs } from './kit-legs.js';
 *
 * selectedKitLegs('msw3-vitest5'); // Set { 'msw3-vitest5' }
 * ```
 */
export function selectedKitLegs(selection = process.env.AUTHWIRE_KIT_LEG): Set<KitLegId> {
  return selectedIds(
    'AUTHWIRE_KIT_LEG',
    KIT_LEGS.map((leg) => leg.id),
    selection,
  );
}

/**
 * The test files of the kit's project (`tooling/runtimes/kit/test`) and how many tests each must
 * pass at least: a file that runs fewer (a suite that lost cases, a file vitest no longer finds)
 * fails the leg.
 */
export const KIT_TEST_FILES: Readonly<Record<string, number>> = {
  'adapter.test.ts': 21, // describeAdapterConformance, union-service
  'composition.test.ts': 28, // describeCompositionConformance, withAuth on the three adapters
  'app.test.ts': 3, // a user's test of an app with the leg's setupServer
  'use-msw-server.test.ts': 2, // useMswServer on the leg's msw: unhandled requests are errors
  'leg.test.ts': 1, // the Node, msw and vitest the leg asked for
};

/** What vitest's JSON reporter writes (vitest 3, 4 and 5 alike): the counts a leg is judged by. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: {
    name: string;
    /** `failed` when the file itself failed (an import that threw, a hook), with `message`. */
    status: string;
    message: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

/**
 * The versions installed in a kit project of what `leg.dependencies` names (`node_modules/<name>/package.json`).
 *
 * @param project - a kit leg's scratch project
 * @returns each dependency's installed version
 * @example
 * ```ts
 * import { installedVersions } from './kit-legs.js';
 *
 * installedVersions('/tmp/authwire-kit/msw3-vitest5'); // { msw: '3.0.5', vitest: '5.1.2', '@types/node': '24.19.4' }
 * ```
 */
export function installedVersions(project: string): Record<keyof KitLeg['dependencies'], string> {
  const version = (name: string) =>
    (JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  return { msw: version('msw'), vitest: version('vitest'), '@types/node': version('@types/node') };
}

/**
 * Type-checks a kit project as its user's `tsc` would, with the repository's TypeScript: the
 * project's files (`kit/tsconfig.json`, strict) against the leg's msw, vitest and Node types, and
 * the kit's published declarations (`@authwire/testing/dist/*.d.ts`) checked too. `skipLibCheck`
 * is off, but only those files are asked for their errors: msw's and vite's own declarations are
 * not ours to check (and checking them all would cost half a minute).
 *
 * @param project - a kit leg's scratch project
 * @returns the errors, one line each (none when it type-checks)
 * @example
 * ```ts
 * import { typeErrors } from './kit-legs.js';
 *
 * typeErrors('/tmp/authwire-kit/msw3-vitest5'); // []
 * ```
 */
export function typeErrors(project: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(project, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error(`cannot read ${project}/tsconfig.json`);
  const dist = join(project, 'node_modules', '@authwire', 'testing', 'dist');
  const declarations = readdirSync(dist)
    .filter((file) => file.endsWith('.d.ts'))
    .map((file) => join(dist, file));
  const program = ts.createProgram({ rootNames: [...config.fileNames, ...declarations], options: config.options });
  // A declaration file's own errors are reported only when the file is asked for by itself.
  const checked = [...config.fileNames, ...declarations].map((file) => {
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`${file} is not in the program`);
    return source;
  });
  return [
    ...ts.getConfigFileParsingDiagnostics(config),
    ...program.getOptionsDiagnostics(),
    ...checked.flatMap((source) => [
      ...program.getSyntacticDiagnostics(source),
      ...(source.isDeclarationFile
        ? program.getSemanticDiagnostics(source)
        : ts.getPreEmitDiagnostics(program, source)),
    ]),
  ].map((diagnostic) => {
    const where = diagnostic.file
      ? `${diagnostic.file.fileName.slice(project.length + 1)}(${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}): `
      : '';
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/**
 * Runs a kit project's own vitest (`node_modules/vitest/vitest.mjs run`) under the leg's Node,
 * with the JSON reporter, and returns its report; `AUTHWIRE_KIT_EXPECT` tells `test/leg.test.ts`
 * what it must find. A failing run exits non-zero: the report, which names the failures, is
 * returned all the same; no report at all rejects with vitest's own output.
 *
 * @param leg - one of {@link KIT_LEGS}
 * @param project - its scratch project
 * @returns vitest's JSON report
 * @example
 * ```ts
 * import { KIT_LEGS, runKitTests } from './kit-legs.js';
 *
 * const report = await runKitTests(KIT_LEGS[0], '/tmp/authwire-kit/msw3-vitest5');
 * report.numFailedTests; // 0
 * ```
 */
export async function runKitTests(leg: KitLeg, project: string): Promise<VitestReport> {
  const outputFile = join(project, 'vitest-report.json');
  const expected = { node: leg.node.version, msw: leg.dependencies.msw, vitest: leg.dependencies.vitest };
  await exec(
    leg.node.file,
    [join(project, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile=${outputFile}`],
    {
      cwd: project,
      // The machine's PATH as it is (never tooling/runtimes/node_modules/.bin), no colours.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? project,
        NO_COLOR: '1',
        AUTHWIRE_KIT_EXPECT: JSON.stringify(expected),
      },
      timeoutMs: 150_000,
    },
  ).catch((error: unknown) => {
    if (!existsSync(outputFile)) throw error;
  });
  return JSON.parse(readFileSync(outputFile, 'utf8')) as VitestReport;
}

/**
 * What a report says, as a leg is judged: each failed file (one that could not even run its tests,
 * e.g. an import that threw) and each failed test, with its message; and the passed tests per
 * file (by file name).
 *
 * @param report - a leg's vitest report
 * @returns the failures and the passes per file
 * @example
 * ```ts
 * import { summarize } from './kit-legs.js';
 *
 * const { failures, passedByFile } = summarize(report); // [], { 'adapter.test.ts': 21, … }
 * ```
 */
export function summarize(report: VitestReport): { failures: string[]; passedByFile: Record<string, number> } {
  const name = (file: { name: string }) => file.name.split('/').pop() ?? file.name;
  const failures = report.testResults.flatMap((file) => [
    ...(file.status === 'failed' && file.message !== '' ? [`${name(file)}: ${file.message.slice(0, 500)}`] : []),
    ...file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${test.fullName}: ${test.failureMessages.join('\n').slice(0, 500)}`),
  ]);
  const passedByFile = Object.fromEntries(
    report.testResults.map((file) => [
      name(file),
      file.assertionResults.filter((test) => test.status === 'passed').length,
    ]),
  );
  return { failures, passedByFile };
}
