/**
 * The kit legs (issue #18): `@authwire/testing` works with msw 2 and 3, vitest 4 and 5, as a user
 * installs it. The kit, core and the three adapters are packed from their build (`pnpm test`
 * builds first) and installed from the tarballs with npm into one scratch project per leg, beside
 * msw, vitest and @types/node at the leg's exact versions from the registry; the project is
 * `tooling/runtimes/kit` (an app, and its tests). Each leg type-checks the project and the kit's
 * declarations against the leg's types, then the project's own vitest runs, under the leg's Node:
 * the adapter conformance suite (union-service), the composition conformance suite (withAuth on
 * the three adapters), a user's test of the app with the leg's `setupServer`, and `useMswServer`.
 * Judged by vitest's JSON report. See docs/runtimes.md ("The kit legs").
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installedVersions,
  KIT_LEGS,
  KIT_TEST_FILES,
  type KitLeg,
  runKitTests,
  selectedKitLegs,
  summarize,
  typeErrors,
} from '../src/kit-legs.js';
import { KIT_PACKAGES, type KitPackage } from '../src/packed-packages.js';
import { repoPath, runtimesPath } from '../src/paths.js';
import { runtimeSkipReason } from '../src/runtimes.js';
import { createScratchProject, packPackages, type Tarballs } from '../src/scratch-project.js';

const selected = selectedKitLegs();
/** Why a leg is skipped: not selected by AUTHWIRE_KIT_LEG, or (outside CI) Node 24 missing. */
const skipReason = (leg: KitLeg) =>
  selected.has(leg.id)
    ? runtimeSkipReason({ id: `kit ${leg.id}`, needs: leg.needs })
    : `not in AUTHWIRE_KIT_LEG=${process.env.AUTHWIRE_KIT_LEG}`;
for (const leg of KIT_LEGS) {
  const reason = skipReason(leg);
  if (reason !== undefined && selected.has(leg.id)) console.warn(`\n[authwire] kit legs: ${reason}\n`);
}

let work: string;
let tarballs: Promise<Tarballs<KitPackage>> | undefined;
/** The tarballs, packed once per run for both legs. */
const packed = () => {
  tarballs ??= packPackages(join(work, 'tarballs'), KIT_PACKAGES);
  return tarballs;
};
/** One line per leg, printed after the run: what ran, and how long each step took (not judged). */
const report = new Map<string, string>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'authwire-kit-'));
});
afterAll(async () => {
  console.log(
    KIT_LEGS.map(
      ({ id }) => report.get(id) ?? `[kit] ${id.padEnd(12)} skipped: ${skipReason(leg(id)) ?? 'filtered out'}`,
    ).join('\n'),
  );
  await tarballs?.catch(() => undefined);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});
const leg = (id: string) => KIT_LEGS.find((candidate) => candidate.id === id) as KitLeg;

// One leg after the other: each runs vitest workers and a type check, and two at once on a 2-core
// machine would only slow both down (and load the suites' timing-sensitive cases twice over).
describe('the packed kit with each msw and vitest major', () => {
  for (const leg of KIT_LEGS) {
    const title = `msw ${leg.majors.msw} + vitest ${leg.majors.vitest} on Node ${leg.node.version.split('.')[0]} (${leg.id})`;
    it.skipIf(skipReason(leg) !== undefined)(title, { timeout: 300_000 }, async ({ expect }) => {
      const steps: string[] = [];
      const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
      const step = async <T>(name: string, run: () => Promise<T>, since = performance.now()): Promise<T> => {
        const value = await run();
        steps.push(`${name} ${seconds(since)}`);
        return value;
      };
      const line = (outcome: string) =>
        report.set(leg.id, `[kit] ${leg.id.padEnd(12)} ${outcome} (${steps.join(', ')})`);
      try {
        const tarballs = await step('pack', packed); // once for both legs: the second waits for it
        const project = await step('install', () =>
          createScratchProject(join(work, leg.id), tarballs, {
            template: runtimesPath('kit'),
            dependencies: { ...leg.dependencies },
            node: leg.node.file,
          }),
        );

        // What npm installed is the leg's release, of the leg's major: a resolution slip fails here.
        const installed = installedVersions(project);
        expect(installed).toEqual(leg.dependencies);
        const major = (version: string) => Number(version.split('.')[0]);
        expect({ msw: major(installed.msw), vitest: major(installed.vitest) }).toEqual(leg.majors);

        // The leg's vitest runs in its own process while this one type-checks the project.
        const started = performance.now();
        const tests = runKitTests(leg, project);
        tests.catch(() => undefined); // awaited below, after the type check (which may throw first)
        const errors = await step('types', async () => typeErrors(project));
        const result = await step('vitest', () => tests, started);
        const { failures, passedByFile } = summarize(result);
        line(
          `Node ${leg.node.version}, msw ${installed.msw}, vitest ${installed.vitest}: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${errors.length} type errors`,
        );

        expect(errors).toEqual([]);
        expect(failures).toEqual([]);
        expect({
          failed: result.numFailedTests,
          skipped: result.numPendingTests,
          todo: result.numTodoTests,
        }).toEqual({ failed: 0, skipped: 0, todo: 0 });
        expect(Object.keys(passedByFile).sort()).toEqual(Object.keys(KIT_TEST_FILES).sort());
        for (const [file, least] of Object.entries(KIT_TEST_FILES)) {
          expect(passedByFile[file], file).toBeGreaterThanOrEqual(least);
        }
      } catch (error) {
        if (!report.has(leg.id)) line(`FAILED: ${(error as Error).message.split('\n')[0]}`);
        throw error;
      }
    });
  }
});

describe('the kit legs themselves', () => {
  it('pin every registry dependency to an exact version', () => {
    const loose = KIT_LEGS.flatMap((leg) =>
      Object.entries(leg.dependencies)
        .filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version))
        .map(([name, version]) => `${leg.id}: ${name}@${version}`),
    );
    expect(loose).toEqual([]);
  });

  it("prove the kit's peer ranges: msw 3 + vitest 5, and the repo's own msw 2 + vitest 4", () => {
    const json = (path: string) => JSON.parse(readFileSync(repoPath(path), 'utf8'));
    const kit = json('packages/testing/package.json') as { peerDependencies: Record<string, string> };
    expect(kit.peerDependencies).toMatchObject({ msw: '^2.15.0 || ^3.0.0', vitest: '^3.0.0 || ^4.0.0 || ^5.0.0' });
    const repo = (name: string) => (json(`node_modules/${name}/package.json`) as { version: string }).version;
    expect(leg('msw2-vitest4').dependencies).toMatchObject({ msw: repo('msw'), vitest: repo('vitest') });
    expect(leg('msw3-vitest5').majors).toEqual({ msw: 3, vitest: 5 });
  });
});
