import { join } from 'node:path';
import { type DeploymentView, interrupted } from '../model/deployment.ts';
import type { DeploymentRecord } from '../store/deployment-record.ts';
import { logTail } from './log-tail.ts';

/** Log lines kept with an ended deployment, per host (GetDeployment gives at most 500). */
export const KEPT_TAIL_LINES = 200;

/** A deployment the manager knows: running here, or ended (here, or before a restart). */
export interface StoredRun {
  view: DeploymentView;
  progressName: string;
  logDir: string;
  revision: bigint;
  /** Set once it ended: its hosts' log tails as it ended. */
  tails?: Record<string, string[]>;
}

/** The end of each host's log file now. */
export function captureTails(logDir: string, view: DeploymentView): Record<string, string[]> {
  return Object.fromEntries(view.hosts.map((h) => [h.name, logTail(join(logDir, `${h.name}.log`), KEPT_TAIL_LINES)]));
}

export function toRecord(r: StoredRun, owner: string): DeploymentRecord {
  return {
    view: r.view,
    progressName: r.progressName,
    logDir: r.logDir,
    revision: r.revision,
    owner,
    tails: r.tails ?? {},
  };
}

/**
 * The stored deployments as a starting server takes them back: one still running in the store
 * ran when this server last stopped without ending it (killed, power lost), so it is shown as
 * interrupted, with the log lines its hosts had written. `changed` lists those to store again.
 */
export function restoreRuns(records: DeploymentRecord[], now: number): { runs: StoredRun[]; changed: StoredRun[] } {
  const runs: StoredRun[] = [];
  const changed: StoredRun[] = [];
  for (const r of records) {
    const run: StoredRun = {
      view: r.view,
      progressName: r.progressName,
      logDir: r.logDir,
      revision: r.revision,
      tails: r.tails,
    };
    if (r.view.state === 'running') {
      run.view = interrupted(r.view, now);
      run.tails = captureTails(r.logDir, r.view);
      changed.push(run);
    }
    runs.push(run);
  }
  return { runs, changed };
}

/** Where a restarted server's Watch revisions start: after every stored one, and not before the clock. */
export function firstHead(records: DeploymentRecord[], now: number): bigint {
  let stored = 0n;
  for (const r of records) if (r.revision > stored) stored = r.revision;
  const clock = BigInt(now);
  return stored >= clock ? stored + 1n : clock;
}
