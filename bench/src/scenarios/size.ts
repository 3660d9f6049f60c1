import {
  formatBytes,
  formatCount,
  ratioVerdict,
  type ScenarioResult,
  type Table,
  type TargetCheck,
} from '../report.js';
import {
  AUTHWIRE_ENTRIES,
  BUDGETS,
  type BundleSize,
  bundleSize,
  bytesByPackage,
  bytesBySourceFile,
  checkBuilt,
  DEPENDENCIES,
  PEER_ENTRIES,
  type SizeEntry,
} from '../size.js';

/** A budget in KB (1 KB = 1,024 B): `5.5 KB`. */
const kb = (bytes: number) => `${Number((bytes / 1024).toFixed(1))} KB`;
const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)} %`;

/** Size: esbuild-minified + gzipped bytes of authwire as users import it, and of the peers. */
export async function size(): Promise<ScenarioResult> {
  let stale: string[];
  try {
    stale = await checkBuilt();
  } catch (error) {
    const message = (error as Error).message;
    return {
      tables: [
        { title: '5. Size: esbuild-minified + gzipped', note: `Not measured. ${message}`, columns: [], rows: [] },
      ],
      targets: [
        {
          target: 'core + one adapter within the size budgets',
          floor: `${kb(BUDGETS.withoutDeps)} / ${kb(BUDGETS.allDeps)} gz`,
          measured: 'not measured (no dist)',
          met: false,
        },
      ],
      losses: [],
    };
  }
  const measured: { entry: SizeEntry; without: BundleSize; all: BundleSize }[] = [];
  for (const entry of [...AUTHWIRE_ENTRIES, ...PEER_ENTRIES]) {
    measured.push({
      entry,
      without: await bundleSize(entry.source, DEPENDENCIES),
      all: await bundleSize(entry.source),
    });
  }
  const isPeer = (entry: SizeEntry) => PEER_ENTRIES.includes(entry);
  const rows = measured.map(({ entry, without, all }) => [
    entry.name,
    isPeer(entry) ? '—' : formatBytes(without.gzipped),
    formatBytes(all.gzipped),
    isPeer(entry) ? '—' : formatCount(without.minified),
    formatCount(all.minified),
  ]);

  const targets: TargetCheck[] = [];
  for (const { entry, without, all } of measured.filter(({ entry }) => entry.budgeted)) {
    targets.push(
      {
        target: `${entry.name}, without ky/valibot/jwt-decode ≤ ${kb(BUDGETS.withoutDeps)} gz`,
        floor: `${formatCount(BUDGETS.withoutDeps)} B`,
        measured: `${formatCount(without.gzipped)} B (${(without.gzipped / BUDGETS.withoutDeps).toFixed(2)}× the budget)`,
        ...ratioVerdict(without.gzipped, BUDGETS.withoutDeps),
      },
      {
        target: `${entry.name}, all dependencies bundled ≤ ${kb(BUDGETS.allDeps)} gz`,
        floor: `${formatCount(BUDGETS.allDeps)} B`,
        measured: `${formatCount(all.gzipped)} B (${(all.gzipped / BUDGETS.allDeps).toFixed(2)}× the budget)`,
        ...ratioVerdict(all.gzipped, BUDGETS.allDeps),
      },
    );
  }

  const first = measured[0];
  const tables: Table[] = [
    {
      title: '5. Size: esbuild-minified + gzipped',
      note: `esbuild ${'bundle, minify, ESM, platform browser, ES2022'}; gzip level 9 (node:zlib); 1 KB = 1,024 B. \`@authwire/*\` resolve to the built \`packages/*/dist\`${stale.length > 0 ? ` (**${stale.join(', ')}: dist older than its sources — run \`pnpm build\` for current figures**)` : ''}. "Without deps" leaves ${DEPENDENCIES.join(' / ')} external; the peers have none of those to leave out. Budgets (DESIGN.md, from \`bench/src/size.ts\`): core + one adapter ≤ ${kb(BUDGETS.withoutDeps)} without deps, ≤ ${kb(BUDGETS.allDeps)} with every dependency.`,
      columns: ['bundle', 'gz, without deps', 'gz, all deps', 'min, without deps', 'min, all deps'],
      rows,
    },
  ];
  if (first !== undefined) {
    const whole = first.all.minified;
    const byPackage = bytesByPackage(first.all.metafile).filter(([, bytes]) => bytes > 0);
    const byFile = (await bytesBySourceFile(first.entry.source, DEPENDENCIES)).filter(([, bytes]) => bytes > 0);
    const ownTotal = byFile.reduce((total, [, bytes]) => total + bytes, 0);
    tables.push({
      title: `5b. Where the bytes of "${first.entry.name}" are`,
      note: `Minified bytes in the output (before gzip) from esbuild's metafile. Per package: the all-deps bundle (${formatCount(whole)} B). Per source file: the same entry bundled from the TypeScript sources, without deps (${formatCount(ownTotal)} B).`,
      columns: ['package or source file', 'minified bytes', 'share'],
      rows: [
        ...byPackage.map(([name, bytes]) => [name, formatCount(bytes), percent(bytes, whole)]),
        ...byFile.slice(0, 12).map(([file, bytes]) => [`\`${file}\``, formatCount(bytes), percent(bytes, ownTotal)]),
      ],
    });
  }
  const losses = measured
    .filter(({ entry }) => entry.budgeted)
    .flatMap(({ entry, without, all }) => {
      const peer = measured.find(({ entry: other }) => other.name.startsWith('@badgateway'));
      if (peer === undefined || without.gzipped <= peer.all.gzipped) return [];
      return [
        `Size: ${entry.name} is ${formatCount(without.gzipped)} B gz without its dependencies and ${formatCount(all.gzipped)} B with them, against ${formatCount(peer.all.gzipped)} B for @badgateway/oauth2-client (which has no dependencies).`,
      ];
    });
  return { tables, targets, losses };
}
