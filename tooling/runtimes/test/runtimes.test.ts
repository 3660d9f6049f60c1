/**
 * The runtime matrix (DESIGN.md: core's main entry uses nothing of Node; it runs on Node ≥ 20,
 * Deno, Bun, browsers and edge workers). What a user does: the packages are packed from their
 * build (`pnpm test` builds first) and installed from the tarballs with npm into a scratch
 * project, with their real dependencies; then, in each runtime, one smoke test
 * (`smoke/smoke.mjs`) gets a token from each provider, builds the header, makes a withAuth call
 * to a protected endpoint of the loopback emulator and survives one revoked token with exactly
 * one replay. The runtimes come from tooling/runtimes/node_modules (`npm ci --prefix
 * tooling/runtimes`), Chromium from Debian; see docs/runtimes.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@authwire/testing';
import { afterAll, beforeAll, describe, type ExpectStatic, expect, it } from 'vitest';
import { type MatrixEmulator, startMatrixEmulator } from '../src/matrix-emulator.js';
import { repoPath, runtimesPath } from '../src/paths.js';
import { runSmoke, type SmokeOutcome } from '../src/run-smoke.js';
import {
  INSTALL,
  RUNTIMES,
  type Runtime,
  type RuntimeId,
  runtimeSkipReason,
  selectedRuntimes,
} from '../src/runtimes.js';
import { bundleProject, createScratchProject, editCore, packPackages, type Tarballs } from '../src/scratch-project.js';

const selected = selectedRuntimes();
const runtime = (id: RuntimeId): Runtime => RUNTIMES.find((candidate) => candidate.id === id) as Runtime;
/** Why a runtime's test is skipped: not selected by AUTHWIRE_RUNTIME, or (outside CI) a missing tool. */
const skipReason = (id: RuntimeId): string | undefined =>
  selected.has(id) ? runtimeSkipReason(runtime(id)) : `${id}: not in AUTHWIRE_RUNTIME=${process.env.AUTHWIRE_RUNTIME}`;
for (const { id } of RUNTIMES) {
  const reason = skipReason(id);
  if (reason !== undefined && selected.has(id)) console.warn(`\n[authwire] runtimes: ${reason}\n`);
}
const runs = (id: RuntimeId) => skipReason(id) === undefined;

let work: string;
let tarballs: Promise<Tarballs> | undefined;
const projects = new Map<string, Promise<string>>();
const bundles = new Map<string, Promise<void>>();

/** The tarballs, packed once per run. */
const packed = (): Promise<Tarballs> => {
  tarballs ??= packPackages(join(work, 'tarballs'));
  return tarballs;
};
/** A scratch project installed once per run under `name` (bundled once, when a runtime needs it). */
async function project(name: string, runtimeOf: Runtime, make: () => Promise<Tarballs>): Promise<string> {
  let dir = projects.get(name);
  if (dir === undefined) {
    dir = make().then((tarballs) => createScratchProject(join(work, name), tarballs));
    projects.set(name, dir);
  }
  const path = await dir;
  if (runtimeOf.bundled) {
    let bundle = bundles.get(name);
    if (bundle === undefined) {
      bundle = bundleProject(path);
      bundles.set(name, bundle);
    }
    await bundle;
  }
  return path;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'authwire-runtimes-'));
});
afterAll(async () => {
  // One line per runtime, in the matrix's order (tests run concurrently, so not as they finish).
  const lines = RUNTIMES.map(
    ({ id }) => report.get(id) ?? `[runtimes] ${id.padEnd(8)} skipped: ${skipReason(id) ?? 'filtered out'}`,
  );
  console.log(lines.join('\n'));
  await Promise.allSettled([...projects.values(), ...bundles.values()]);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** Runs the smoke test of a project in a runtime, against an emulator of its own. */
async function smokeIn(
  id: RuntimeId,
  name: string,
  make: () => Promise<Tarballs>,
): Promise<{ outcome: SmokeOutcome } & MatrixEmulator> {
  // Only in CI can a runtime whose tools are missing get here: say what to install.
  const missing = runtime(id).needs.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`${id}: ${missing.join(', ')} missing (${INSTALL})`);
  const dir = await project(name, runtime(id), make);
  const started = await startMatrixEmulator();
  try {
    return { outcome: await runSmoke(runtime(id), dir, started.setup), ...started };
  } finally {
    await started.emulator.close();
  }
}

/** The report's line per runtime, printed after the run. */
const report = new Map<RuntimeId, string>();
/**
 * The line the report prints for one runtime: what its smoke test saw and, from the emulator's
 * counts, how many times it replayed the rejected call; or its error's first lines.
 */
function reportLine(id: RuntimeId, outcome: SmokeOutcome | Error, emulator?: Emulator): string {
  if (outcome instanceof Error) {
    const lines = outcome.message.split('\n');
    return `[runtimes] ${id.padEnd(8)} FAILED: ${lines.find((line) => /error/i.test(line)) ?? lines[0]}`;
  }
  const each = outcome.results.map((result) => {
    const mock = [emulator?.mastersIndia, emulator?.unionService, emulator?.oauth2].find(
      (candidate) => candidate?.name === result.provider,
    );
    // The first call and the rejected one (and on Masters India's API, the api_key call).
    const others = result.provider === 'masters-india' ? 3 : 2;
    const replays = mock === undefined ? '?' : mock.server.calls.api - others;
    return `${result.provider} (${result.scheme}) ${result.first}, revoked → ${replays} replay → ${result.replayed}${result.echoed ? ', body intact' : ''}`;
  });
  const key = `api_key ${outcome.key.status}`;
  return `[runtimes] ${id.padEnd(8)} ${outcome.runtime}: ${[...each, key].join('; ')}`;
}

/** What every runtime must have seen and done, on the emulator's side too. */
function expectSurvived(expect: ExpectStatic, outcome: SmokeOutcome, emulator: Emulator): void {
  const survived = (provider: string, scheme: string) => ({
    provider,
    scheme,
    header: true,
    first: 200,
    revoked: 204,
    replayed: 200,
    echoed: true,
    renewed: true,
  });
  expect(outcome.results).toEqual([
    survived('masters-india', 'JWT'),
    survived('union-service', 'Bearer'),
    survived('oauth2', 'Bearer'),
  ]);
  expect(outcome.key).toEqual({
    provider: 'masters-india api_key',
    headerName: 'api_key',
    header: true,
    status: 200,
    success: true,
  });
  for (const mock of [emulator.mastersIndia, emulator.unionService, emulator.oauth2]) {
    const { api, apiRejected, login, refresh } = mock.server.calls;
    // The first call, the one rejected call and exactly one replay; one token, then one renewal
    // (Masters India's API also answered the api_key call, with no token request).
    expect({ provider: mock.name, api, apiRejected, renewals: login + refresh }).toEqual({
      provider: mock.name,
      api: mock === emulator.mastersIndia ? 4 : 3,
      apiRejected: 1,
      renewals: 2,
    });
  }
}

describe.concurrent('the packed packages, installed from their tarballs, in each runtime', () => {
  for (const { id, expected } of RUNTIMES) {
    it.skipIf(!runs(id))(id, { timeout: 180_000 }, async ({ expect }) => {
      const { outcome, emulator } = await smokeIn(id, 'app', packed).catch((error: Error) => {
        report.set(id, reportLine(id, error));
        throw error;
      });
      report.set(id, reportLine(id, outcome, emulator));
      expect(outcome.runtime).toEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
      expectSurvived(expect, outcome, emulator);
      if (id === 'chromium') {
        // Real CORS: the page's origin is not the emulator's; the browser asked before sending
        // the token (a preflight per protected endpoint, answered 204 by the emulator).
        expect(outcome.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(outcome.origin).not.toBe(emulator.url);
        for (const mock of [emulator.mastersIndia, emulator.unionService, emulator.oauth2]) {
          const path = new URL(mock.protectedUrl).pathname;
          const calls = emulator.log.filter((entry) => new URL(entry.url).pathname === path);
          expect(calls.filter((entry) => entry.method === 'OPTIONS' && entry.status === 204).length).toBeGreaterThan(0);
          expect(calls.filter((entry) => entry.method !== 'OPTIONS').map((entry) => entry.headers.origin)).toEqual([
            outcome.origin,
            outcome.origin,
            outcome.origin,
          ]);
        }
      }
    });
  }
});

// The proof that the matrix can fail, kept: a copy of core whose built main entry reads
// process.env at module top level (what a Node-only change would publish), installed the same way.
// workerd (no nodejs_compat) and the edge-runtime VM have no `process`; Deno has one, but reading
// the environment needs --allow-env, which the matrix does not grant. Each must fail, with its own
// words. (Bun, like Node, tolerates Node globals: it would pass, and so proves nothing here.)
const INJECTED = 'if (process.env.AUTHWIRE_DEBUG) console.debug("authwire: debug");';
const mutant = async (): Promise<Tarballs> => {
  const original = await packed();
  const core = await editCore(
    original['@authwire/core'],
    (entry) => `${INJECTED}\n${entry}`,
    join(work, 'mutant-core'),
  );
  return { ...original, '@authwire/core': core };
};

describe.concurrent('a core that reads process.env at module top level', () => {
  const failures: [RuntimeId, RegExp][] = [
    ['workerd', /ReferenceError: process is not defined/],
    ['edge-vm', /ReferenceError: process is not defined/],
    ['deno', /NotCapable: Requires env access to "AUTHWIRE_DEBUG"/],
  ];
  for (const [id, error] of failures) {
    it.skipIf(!runs(id))(`fails in ${id}, with ${id}'s own error`, { timeout: 180_000 }, async ({ expect }) => {
      const failed = await smokeIn(id, 'mutant', mutant).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(failed).toBeInstanceOf(Error);
      expect((failed as Error).message).toMatch(error);
    });
  }

  it.skipIf(!runs('node20'))(
    'still runs on Node: the failures above are the Node global, not a broken copy',
    { timeout: 180_000 },
    async ({ expect }) => {
      const { outcome, emulator } = await smokeIn('node20', 'mutant', mutant);
      expectSurvived(expect, outcome, emulator);
    },
  );
});

describe("the runtimes' installation", () => {
  it('pins every tool to an exact version', () => {
    const { dependencies } = JSON.parse(readFileSync(runtimesPath('package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const loose = Object.entries(dependencies).filter(([, spec]) => !/^(npm:[\w@/.-]+@)?\d+\.\d+\.\d+$/.test(spec));
    expect(loose).toEqual([]);
  });

  it("never puts tooling/runtimes/node_modules/.bin (Node 22 and 24's `node`) on the machine's PATH", () => {
    // It is no pnpm workspace package (pnpm would link its bins and run its builds), and nothing
    // here adds its .bin to PATH: every tool runs by its path.
    const workspace = readFileSync(repoPath('pnpm-workspace.yaml'), 'utf8');
    expect(workspace).toMatch(/^\s*- ["']!tooling\/runtimes["']\s*$/m);
    const path = (process.env.PATH ?? '').split(':');
    expect(path.filter((entry) => entry.startsWith(runtimesPath('')))).toEqual([]);
  });
});
