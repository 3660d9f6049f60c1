/** One markdown table of results. */
export interface Table {
  title: string;
  /** A paragraph under the title: what was measured, how many samples. */
  note?: string;
  columns: string[];
  rows: string[][];
}

/** A DESIGN.md performance target and whether this run meets it. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
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
  const rows = targets.map((check) => `| ${check.target} | ${check.measured} | ${check.met ? 'met' : '**not met**'} |`);
  return ['| target (DESIGN.md) | this run | |', '|---|---|---|', ...rows].join('\n');
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
