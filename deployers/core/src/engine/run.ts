import type { DeployEvent, StepStatus } from './events.ts';
import { hostLogger } from './host-log.ts';
import { mapLimit } from './map-limit.ts';
import { fingerprint, type Progress, progressKey, resumable, startProgress } from './progress.ts';
import { readProgress, writeProgress } from './progress-file.ts';
import { errorText, type Transport } from './transport.ts';
import type { Stage, StepSet, Target } from './types.ts';

export interface RunDeploymentOptions {
  /** Hosts worked on at once (a stage may lower it). Default 10. */
  limit?: number;
  /** Where progress is kept between runs, so an unfinished run resumes at each host's failed step. */
  progressFile?: string;
  /** Per-host log files go here. */
  logDir?: string;
  /** Ctrl-C: running steps are cut short and recorded as failed, nothing new starts. */
  signal?: AbortSignal;
  onEvent?: (e: DeployEvent) => void;
}

export interface HostFailure {
  stage: string;
  host: string;
  step: string;
  error: string;
}

export interface DeploymentResult {
  ok: boolean;
  /** Steps applied over all hosts: 0 on a run that found everything in place. */
  changed: number;
  unchanged: number;
  failures: HostFailure[];
  interrupted: boolean;
}

interface RunState {
  set: StepSet;
  transport: Transport;
  opts: RunDeploymentOptions;
  signal: AbortSignal;
  print: string;
  saved: Progress | undefined;
  progress: Progress;
  result: DeploymentResult;
}

/** Runs a step set: stage after stage, hosts in parallel up to the limit, each host until its first failure. */
export async function runDeployment(
  set: StepSet,
  transport: Transport,
  opts: RunDeploymentOptions = {},
): Promise<DeploymentResult> {
  const print = fingerprint(set);
  const saved = opts.progressFile ? readProgress(opts.progressFile) : undefined;
  const s: RunState = {
    set,
    transport,
    opts,
    signal: opts.signal ?? new AbortController().signal,
    print,
    saved,
    progress: startProgress(saved, print),
    result: { ok: true, changed: 0, unchanged: 0, failures: [], interrupted: false },
  };
  for (const stage of set.stages) {
    opts.onEvent?.({ kind: 'stage', stage: stage.name, hosts: stage.hosts.map((h) => h.name) });
    const limit = Math.min(opts.limit ?? 10, stage.limit ?? Number.POSITIVE_INFINITY);
    await mapLimit(stage.hosts, limit, (target) => runHost(s, stage, target));
    // Stages are barriers: the next one may rely on this one having succeeded everywhere.
    if (s.result.failures.length > 0 || s.signal.aborted) break;
  }
  s.result.interrupted = s.signal.aborted;
  s.result.ok = s.result.failures.length === 0 && !s.result.interrupted;
  s.progress.complete = s.result.ok;
  save(s);
  opts.onEvent?.({
    kind: 'done',
    ok: s.result.ok,
    changed: s.result.changed,
    failedHosts: s.result.failures.map((f) => f.host),
    interrupted: s.result.interrupted,
  });
  return s.result;
}

function save(s: RunState): void {
  if (s.opts.progressFile) writeProgress(s.opts.progressFile, s.progress);
}

async function runHost(s: RunState, stage: Stage, target: Target): Promise<void> {
  const log = hostLogger(s.opts.logDir, target.name);
  const remote = s.transport.remote(target, log);
  const ctx = { target, remote, log, signal: s.signal };
  const key = progressKey(stage.name, target.name);
  const hp = s.progress.hosts[key] ?? { done: [] };
  s.progress.hosts[key] = hp;
  const skip = resumable(s.saved, s.print, stage.name, target.name);
  const steps = stage.steps(target);
  let changed = 0;
  let unchanged = 0;
  const emit = (i: number, status: StepStatus, detail?: string) => {
    const step = steps[i]!;
    log(`[${stage.name}] ${step.id}: ${status}${detail ? `: ${detail}` : ''}`);
    s.opts.onEvent?.({
      kind: 'step',
      stage: stage.name,
      host: target.name,
      step: step.id,
      title: step.title,
      status,
      detail,
      index: i,
      total: steps.length,
    });
  };
  for (const [i, step] of steps.entries()) {
    if (skip.has(step.id)) {
      emit(i, 'resumed');
      continue;
    }
    try {
      if (s.signal.aborted) throw new Error('interrupted');
      emit(i, 'checking');
      const before = await step.check(ctx);
      if (before.kind === 'ok') {
        unchanged++;
        emit(i, 'unchanged', before.detail);
      } else {
        emit(i, 'applying', before.reason);
        await step.apply(ctx);
        const after = await step.check(ctx);
        if (after.kind !== 'ok') throw new Error(`applied, but the check still finds: ${after.reason}`);
        changed++;
        emit(i, 'changed', before.reason);
      }
      hp.done = [...new Set([...hp.done, step.id])];
      delete hp.failed;
      save(s);
    } catch (err) {
      const error = s.signal.aborted ? `interrupted (${errorText(err)})` : errorText(err);
      hp.failed = { step: step.id, error, at: new Date().toISOString() };
      save(s);
      emit(i, 'failed', error);
      s.result.failures.push({ stage: stage.name, host: target.name, step: step.id, error });
      s.result.changed += changed;
      s.result.unchanged += unchanged;
      s.opts.onEvent?.({
        kind: 'host',
        stage: stage.name,
        host: target.name,
        outcome: 'failed',
        changed,
        unchanged,
        error: `${step.title}: ${error}`,
      });
      return;
    }
  }
  s.result.changed += changed;
  s.result.unchanged += unchanged;
  try {
    await stage.collect?.(ctx);
  } catch (err) {
    const error = `collecting facts: ${errorText(err)}`;
    s.result.failures.push({ stage: stage.name, host: target.name, step: 'collect', error });
    s.opts.onEvent?.({
      kind: 'host',
      stage: stage.name,
      host: target.name,
      outcome: 'failed',
      changed,
      unchanged,
      error,
    });
    return;
  }
  s.opts.onEvent?.({ kind: 'host', stage: stage.name, host: target.name, outcome: 'ok', changed, unchanged });
}
