import { createHash } from 'node:crypto';
import type { StepSet } from './types.ts';

/**
 * What the progress file remembers of an unfinished run: per stage and host, the steps that
 * completed and the step that failed. Pure: reading and writing the file is in progress-file.ts.
 */
export interface HostProgress {
  done: string[];
  failed?: { step: string; error: string; at: string };
}

export interface Progress {
  /** The plan's shape (stages, hosts, step ids); a different shape starts afresh. */
  fingerprint: string;
  /** True once a run succeeded everywhere: the next run checks every step again. */
  complete: boolean;
  hosts: Record<string, HostProgress>;
}

export const progressKey = (stage: string, host: string): string => `${stage}/${host}`;

export function fingerprint(set: StepSet): string {
  const h = createHash('sha256').update(set.name);
  for (const stage of set.stages) {
    for (const t of stage.hosts) {
      const ids = stage.steps(t).map((s) => s.id);
      h.update(`\n${stage.name}\0${t.name}\0${t.address}:${t.port ?? 22}\0${ids.join(',')}`);
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** The steps a run may skip for this host: those done by the previous run, if it did not finish. */
export function resumable(saved: Progress | undefined, print: string, stage: string, host: string): Set<string> {
  if (!saved || saved.complete || saved.fingerprint !== print) return new Set();
  return new Set(saved.hosts[progressKey(stage, host)]?.done ?? []);
}

/** Where the previous unfinished run stopped on this host, for the plan and the progress line. */
export function lastFailure(saved: Progress | undefined, print: string, stage: string, host: string) {
  if (!saved || saved.complete || saved.fingerprint !== print) return undefined;
  return saved.hosts[progressKey(stage, host)]?.failed;
}

/** The progress a new run starts from: the old one when resuming, else empty. */
export function startProgress(saved: Progress | undefined, print: string): Progress {
  if (saved && !saved.complete && saved.fingerprint === print) return structuredClone(saved);
  return { fingerprint: print, complete: false, hosts: {} };
}
