import { type ChildProcess, fork } from 'node:child_process';
import { entryUrl } from '../build/entry-url.js';
import type { FleetConfig, FleetMode, FleetReport } from './fleet-protocol.js';

/** Sums of one storm across the fleet. */
export interface FleetResult {
  failed: number;
  /** Distinct token values handed out across the fleet. */
  tokens: number;
  errors: string[];
}

/** Processes sharing one Redis, each a {@link FleetConfig} member. */
export interface Fleet {
  /** Every member fires its calls at once; resolves when all have reported. */
  storm(mode: FleetMode): Promise<FleetResult>;
  close(): Promise<void>;
}

function nextReport(child: ChildProcess, type: FleetReport['type']): Promise<FleetReport> {
  return new Promise((resolve, reject) => {
    const onMessage = (report: FleetReport) => {
      if (report.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(report);
    };
    const onExit = (code: number | null) => reject(new Error(`a fleet member exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Forks `size` members (the built `fleet-member.js` beside this bundle, plain node: @authwire/*
 * from the built dist) and waits until each has seeded its tokens.
 *
 * @param size - how many processes
 * @param config - what each member gets
 * @returns the fleet
 */
export async function startFleet(size: number, config: FleetConfig): Promise<Fleet> {
  const env = { ...process.env, BENCH_FLEET: JSON.stringify(config) };
  const members = Array.from({ length: size }, () => fork(entryUrl('fleet-member'), { env, stdio: 'inherit' }));
  await Promise.all(members.map((member) => nextReport(member, 'ready')));
  return {
    async storm(mode) {
      const reports = members.map((member) => nextReport(member, 'result'));
      for (const member of members) member.send({ type: 'go', mode });
      const results = (await Promise.all(reports)).flatMap((report) => (report.type === 'result' ? [report] : []));
      return {
        failed: results.reduce((total, report) => total + report.failed, 0),
        tokens: new Set(results.flatMap((report) => report.tokens)).size,
        errors: [...new Set(results.flatMap((report) => report.errors))],
      };
    },
    async close() {
      await Promise.all(
        members.map(
          (member) =>
            new Promise<void>((resolve) => {
              if (member.exitCode !== null) return resolve();
              member.once('exit', () => resolve());
              member.send({ type: 'exit' });
            }),
        ),
      );
    },
  };
}
