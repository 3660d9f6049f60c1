import { cpus, loadavg, totalmem } from 'node:os';

/** The machine, runtime and date of this run, as markdown list items. */
export function describeMachine(date: Date): string[] {
  const cores = cpus();
  return [
    `- machine: ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- runtime: Node ${process.version} (${process.platform} ${process.arch})`,
    `- date: ${date.toISOString()}`,
    `- load average (1 min) at the start: ${loadavg()[0]?.toFixed(2)}`,
  ];
}
