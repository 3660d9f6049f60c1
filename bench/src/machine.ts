import { cpus, loadavg, totalmem } from 'node:os';

/** The machine, runtime and date of this run, as markdown list items. */
export function describeMachine(date: Date): string[] {
  const cores = cpus();
  return [
    `- machine: ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- runtime: Node ${process.version} (${process.platform} ${process.arch})`,
    `- date: ${date.toISOString()}`,
    `- load average at the start: ${describeLoad()}`,
  ];
}

/** The load averages over 1, 5 and 15 minutes, with the number of cores to read them against. */
export function describeLoad(): string {
  const [one, five, fifteen] = loadavg().map((value) => value.toFixed(2));
  return `${one} / ${five} / ${fifteen} (1 / 5 / 15 min; ${cpus().length} cores)`;
}
