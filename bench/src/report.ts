/** One markdown table of results. */
export interface Table {
  title: string;
  /** A paragraph under the title: what was measured, how many samples. */
  note?: string;
  columns: string[];
  rows: string[][];
}

/** A DESIGN.md performance target, what it is measured against, and whether this run meets it. */
export interface TargetCheck {
  target: string;
  /** The floor or limit the measurement is held to (`async () => cached`, the same client with the header, …). */
  floor: string;
  measured: string;
  met: boolean;
  /** By how much it is not met, in words (`not met by 12 %`); `met: false` without it says "not met". */
  miss?: string;
}

/** What a scenario hands back to the run. */
export interface ScenarioResult {
  tables: Table[];
  targets: TargetCheck[];
  /** Comparisons authwire loses, in words, from this run's numbers. */
  losses: string[];
}

/** Renders a table as markdown: a `###` title, the note, the table. */
export function renderTable(table: Table): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const align = table.columns.map((_, index) => (index === 0 ? '---' : '---:'));
  const parts = [`### ${table.title}`, ''];
  if (table.note !== undefined) parts.push(table.note, '');
  if (table.columns.length > 0) parts.push(line(table.columns), line(align), ...table.rows.map(line));
  return parts.join('\n').trimEnd();
}

/** Renders the targets as a markdown table. */
export function renderTargets(targets: TargetCheck[]): string {
  const verdict = (check: TargetCheck) => (check.met ? 'met' : `**${check.miss ?? 'not met'}**`);
  const rows = targets.map((check) => `| ${check.target} | ${check.floor} | ${check.measured} | ${verdict(check)} |`);
  return ['| target (DESIGN.md) | floor / limit | this run | |', '|---|---|---|---|', ...rows].join('\n');
}

/**
 * A ratio target's verdict: met, or by how much it is not (`not met by 12 %`), flagged "within
 * noise" when some round of the same run measured within the limit.
 *
 * @param measured - the measured ratio (a median over rounds)
 * @param limit - the target's ratio
 * @param lowest - the lowest per-round figure, when there are rounds
 */
export function ratioVerdict(measured: number, limit: number, lowest?: number): Pick<TargetCheck, 'met' | 'miss'> {
  if (measured <= limit) return { met: true };
  if (!Number.isFinite(measured)) return { met: false, miss: 'not measured' };
  const noise = lowest !== undefined && lowest <= limit ? " (within the rounds' noise)" : '';
  return { met: false, miss: `not met by ${(((measured - limit) / limit) * 100).toFixed(1)} %${noise}` };
}

/** A duration in ms, shown in the unit that keeps 3 significant digits readable. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toFixed(ms < 0.01 ? 2 : 1)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A ratio to a baseline: `1.02×`. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? `${formatCount(value)}×` : `${value.toFixed(2)}×`;
}

/** An integer with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Bytes, with the KiB figure beside them: `3,210 B (3.13 KiB)`. */
export function formatBytes(bytes: number): string {
  return `${formatCount(bytes)} B (${(bytes / 1024).toFixed(2)} KiB)`;
}
