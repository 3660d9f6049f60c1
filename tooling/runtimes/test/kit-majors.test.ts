/**
 * The kit legs (issue #18): `@authwire/testing` works with msw 2 and 3, vitest 3, 4 and 5, on
 * Node 20, 22 and 24, as a user installs it. The kit, core and the three adapters are packed from
 * their build (`pnpm test` builds first) and installed from the tarballs with npm into one scratch
 * project per leg, beside msw, vitest and @types/node at the leg's exact versions from the
 * registry; the project is `tooling/runtimes/kit` (an app, and its tests). Each leg type-checks
 * the project and the kit's declarations against the leg's types, then the project's own vitest
 * runs, under the leg's Node: the adapter conformance suite (union-service), the composition
 * conformance suite (withAuth on the three adapters), a user's test of the app with the leg's
 * `setupServer`, and `useMswServer`. Judged by vitest's JSON report. See docs/runtimes.md ("The
 * kit legs").
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
import { pinned, runtimeSkipReason } from '../src/runtimes.js';
import { createScratchProject, packPackages, type Tarballs } from '../src/scratch-project.js';

const selected = selectedKitLegs();
/** Why a leg is skipped: not selected by AUTHWIRE_KIT_LEG, or (outside CI) its Node (22, 24) missing. */
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
/** The tarballs, packed once per run for all the legs. */
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
        const tarballs = await step('pack', packed); // once for all the legs: the later ones wait for it
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

  it("prove the kit's peer ranges: every msw major (2, 3) and vitest major (3, 4, 5) in a leg, within the range, the repo's own msw 2 + vitest 4 among them", () => {
    const json = (path: string) => JSON.parse(readFileSync(repoPath(path), 'utf8'));
    const kit = json('packages/testing/package.json') as { peerDependencies: Record<'msw' | 'vitest', string> };
    expect(kit.peerDependencies).toMatchObject({ msw: '^2.15.0 || ^3.0.0', vitest: '^3.0.0 || ^4.0.0 || ^5.0.0' });
    // Each `^x.y.z` of a peer range is a major some leg runs, at a version the range allows.
    const parse = (version: string) => version.split('.').map(Number) as [number, number, number];
    const floors = (range: string) => range.split('||').map((part) => parse(part.trim().replace(/^\^/, '')));
    for (const name of ['msw', 'vitest'] as const) {
      const floorOf = new Map(floors(kit.peerDependencies[name]).map((floor) => [floor[0], floor]));
      expect(new Set(KIT_LEGS.map((leg) => leg.majors[name])), name).toEqual(new Set(floorOf.keys()));
      for (const leg of KIT_LEGS) {
        const [major, minor, patch] = parse(leg.dependencies[name]);
        expect(major, `${leg.id}: ${name}@${leg.dependencies[name]}`).toBe(leg.majors[name]);
        const [, least = 0, leastPatch = 0] = floorOf.get(major) ?? [];
        const allowed = minor > least || (minor === least && patch >= leastPatch);
        expect(allowed, `${leg.id}: ${name}@${leg.dependencies[name]} in ${kit.peerDependencies[name]}`).toBe(true);
      }
    }
    expect(KIT_LEGS.map((leg) => [leg.id, leg.majors])).toEqual([
      ['msw3-vitest5', { msw: 3, vitest: 5 }],
      ['msw2-vitest4', { msw: 2, vitest: 4 }],
      ['msw2-vitest3', { msw: 2, vitest: 3 }],
    ]);
    const repo = (name: string) => (json(`node_modules/${name}/package.json`) as { version: string }).version;
    expect(leg('msw2-vitest4').dependencies).toMatchObject({ msw: repo('msw'), vitest: repo('vitest') });
  });

  it("run on every Node of the matrix: the machine's (20 in CI), 22 and 24, each pinned", () => {
    expect(KIT_LEGS.map((leg) => [leg.id, leg.node.version])).toEqual([
      ['msw3-vitest5', pinned('node24')],
      ['msw2-vitest4', process.versions.node],
      ['msw2-vitest3', pinned('node22')],
    ]);
  });
});
