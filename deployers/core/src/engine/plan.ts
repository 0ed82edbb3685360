import { hostLogger } from './host-log.ts';
import { mapLimit } from './map-limit.ts';
import { fingerprint, lastFailure, type Progress, resumable } from './progress.ts';
import { errorText, type Transport } from './transport.ts';
import type { Check, StepSet } from './types.ts';

export interface PlannedStep {
  id: string;
  title: string;
  /** What the check found, or `resumed` when the previous unfinished run did it. */
  check: Check | { kind: 'resumed' };
}

export interface HostPlan {
  stage: string;
  host: string;
  steps: PlannedStep[];
  /** The host could not be checked (unreachable, refused host key, a check failed). */
  error?: string;
  /** The step the previous unfinished run failed at, and why. */
  resumeAt?: { step: string; error: string };
}

export interface Plan {
  set: string;
  hosts: HostPlan[];
  /** Steps that would change something, over all hosts. */
  changes: number;
}

/**
 * Checks every step on every host without applying anything. A step whose check depends on an
 * earlier step of the same run may show as a change that the run will then find already done.
 */
export async function computePlan(
  set: StepSet,
  transport: Transport,
  opts: { limit?: number; saved?: Progress; logDir?: string; signal?: AbortSignal } = {},
): Promise<Plan> {
  const print = fingerprint(set);
  const signal = opts.signal ?? new AbortController().signal;
  const hosts: HostPlan[] = [];
  for (const stage of set.stages) {
    const limit = Math.min(opts.limit ?? 10, stage.limit ?? Number.POSITIVE_INFINITY);
    const planned = await mapLimit(stage.hosts, limit, async (target): Promise<HostPlan> => {
      const log = hostLogger(opts.logDir, target.name);
      const remote = transport.remote(target, log);
      const skip = resumable(opts.saved, print, stage.name, target.name);
      const failed = lastFailure(opts.saved, print, stage.name, target.name);
      const hp: HostPlan = { stage: stage.name, host: target.name, steps: [] };
      if (failed) hp.resumeAt = { step: failed.step, error: failed.error };
      for (const step of stage.steps(target)) {
        if (skip.has(step.id)) {
          hp.steps.push({ id: step.id, title: step.title, check: { kind: 'resumed' } });
          continue;
        }
        try {
          hp.steps.push({ id: step.id, title: step.title, check: await step.check({ target, remote, log, signal }) });
        } catch (err) {
          hp.error = `${step.title}: ${errorText(err)}`;
          break;
        }
      }
      // What later stages need, when it already exists (a second run); missing facts stay unknown.
      if (!hp.error) await stage.collect?.({ target, remote, log, signal }).catch(() => {});
      return hp;
    });
    hosts.push(...planned);
  }
  const changes = hosts.reduce((n, h) => n + h.steps.filter((s) => s.check.kind === 'change').length, 0);
  return { set: set.name, hosts, changes };
}

/** The plan as a person reads it: per host, only the steps that would change something. */
export function formatPlan(plan: Plan): string[] {
  const lines = [`plan for ${plan.set}: ${plan.changes} change(s)`];
  for (const h of plan.hosts) {
    const changes = h.steps.filter((s) => s.check.kind === 'change');
    const resumed = h.steps.filter((s) => s.check.kind === 'resumed').length;
    const head = `${h.host} [${h.stage}]`;
    if (h.error) lines.push(`  ${head}: cannot check: ${h.error}`);
    else if (changes.length === 0)
      lines.push(`  ${head}: nothing to change${resumed ? ` (${resumed} done by the unfinished run)` : ''}`);
    else
      lines.push(`  ${head}: ${changes.length} change(s)${resumed ? `, ${resumed} done by the unfinished run` : ''}`);
    if (h.resumeAt) lines.push(`    resumes at ${h.resumeAt.step} (last run: ${h.resumeAt.error})`);
    for (const s of changes) if (s.check.kind === 'change') lines.push(`    + ${s.title}: ${s.check.reason}`);
  }
  return lines;
}
