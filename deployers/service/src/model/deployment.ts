import type { DeployEvent, StepStatus, Target } from '@paddock/deployers';
import type { DeployOptions } from '../request/deploy-options.ts';

export type DeploymentState = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type HostState = 'pending' | 'running' | 'ok' | 'failed';

export interface StepView {
  id: string;
  title: string;
  status: StepStatus;
  detail: string;
}

export interface HostView {
  name: string;
  address: string;
  stage: string;
  state: HostState;
  stepsDone: number;
  stepTotal: number;
  step: string;
  stepTitle: string;
  stepStatus: string;
  /** Over every stage of the run. */
  changed: number;
  unchanged: number;
  error: string;
  /** The current stage's steps as the last event left each. */
  steps: StepView[];
}

/** A deployment as the service shows it; never changed in place (each event makes a new one). */
export interface DeploymentView {
  id: string;
  set: string;
  state: DeploymentState;
  stage: string;
  hosts: HostView[];
  changed: number;
  error: string;
  createdAt: number;
  finishedAt: number;
  options: DeployOptions;
  decision: string;
}

const FINAL: ReadonlySet<StepStatus> = new Set(['unchanged', 'changed', 'resumed']);

export function newDeployment(
  id: string,
  set: string,
  targets: Target[],
  options: DeployOptions,
  now: number,
): DeploymentView {
  const hosts = targets.map(
    (t): HostView => ({
      name: t.name,
      address: t.address,
      stage: '',
      state: 'pending',
      stepsDone: 0,
      stepTotal: 0,
      step: '',
      stepTitle: '',
      stepStatus: '',
      changed: 0,
      unchanged: 0,
      error: '',
      steps: [],
    }),
  );
  const d: DeploymentView = {
    id,
    set,
    state: 'running',
    stage: '',
    hosts,
    changed: 0,
    error: '',
    createdAt: now,
    finishedAt: 0,
    options,
    decision: '',
  };
  return d;
}

/** The deployment after one engine event. Pure. */
export function applyEvent(d: DeploymentView, e: DeployEvent, now: number): DeploymentView {
  const host = (name: string, f: (h: HostView) => HostView) => d.hosts.map((h) => (h.name === name ? f(h) : h));
  switch (e.kind) {
    case 'stage': {
      const inStage = new Set(e.hosts);
      const hosts = d.hosts.map((h) =>
        inStage.has(h.name)
          ? { ...h, stage: e.stage, state: 'pending' as const, stepsDone: 0, stepTotal: 0, steps: [], error: '' }
          : h,
      );
      return { ...d, stage: e.stage, hosts };
    }
    case 'step':
      return {
        ...d,
        hosts: host(e.host, (h) => {
          const steps = [...h.steps];
          steps[e.index] = { id: e.step, title: e.title, status: e.status, detail: e.detail ?? '' };
          return {
            ...h,
            state: e.status === 'failed' ? 'failed' : 'running',
            stepsDone: steps.filter((s) => s && FINAL.has(s.status)).length,
            stepTotal: e.total,
            step: e.step,
            stepTitle: e.title,
            stepStatus: e.status,
            error: e.status === 'failed' ? (e.detail ?? '') : h.error,
            steps,
          };
        }),
      };
    case 'host':
      return {
        ...d,
        hosts: host(e.host, (h) => ({
          ...h,
          state: e.outcome,
          changed: h.changed + e.changed,
          unchanged: h.unchanged + e.unchanged,
          error: e.error ?? '',
        })),
      };
    case 'done': {
      const state: DeploymentState = e.ok ? 'succeeded' : e.interrupted ? 'cancelled' : 'failed';
      const failed = d.hosts.filter((h) => h.state === 'failed').map((h) => `${h.name}: ${h.error}`);
      const error = e.ok ? '' : e.interrupted ? ['interrupted', ...failed].join('; ') : failed.join('; ');
      return { ...d, state, changed: e.changed, error, finishedAt: now };
    }
  }
}

/** A deployment that ended before the engine ran (its set could not be built). */
export function failBefore(d: DeploymentView, error: string, now: number, cancelled = false): DeploymentView {
  return { ...d, state: cancelled ? 'cancelled' : 'failed', error, finishedAt: now };
}

/**
 * A deployment the server stopped under: stopping (the engine's own interrupted end) or dying
 * (found still running in the store at the next start). Hosts cut short are marked failed, as
 * the engine marks a step cut short, since the next run of the set resumes there.
 */
export function interrupted(d: DeploymentView, now: number): DeploymentView {
  const cut = (h: HostView): HostView =>
    h.state === 'running' ? { ...h, state: 'failed', error: h.error || 'interrupted' } : h;
  const failed = d.hosts.map(cut).filter((h) => h.state === 'failed');
  const why = `interrupted: the server stopped while it ran; the next run of ${d.set} resumes at each host's unfinished step`;
  return {
    ...d,
    state: 'interrupted',
    hosts: d.hosts.map(cut),
    error: [why, ...failed.map((h) => `${h.name}: ${h.error}`)].join('; '),
    finishedAt: d.finishedAt || now,
  };
}
