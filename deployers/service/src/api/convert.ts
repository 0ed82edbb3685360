import type { Plan, Target } from '@paddock/deployers';
import {
  type Deployment,
  DeploymentState,
  type DeployOptions as DeployOptionsProto,
  HostState,
  type HostStatus,
  type Plan as PlanProto,
  type Target as TargetProto,
} from '@paddock/proto/deploy/v1/deploy.ts';
import type { DeploymentView, HostView } from '../model/deployment.ts';
import type { DeployOptions } from '../request/deploy-options.ts';

const STATES = {
  running: DeploymentState.DEPLOYMENT_STATE_RUNNING,
  succeeded: DeploymentState.DEPLOYMENT_STATE_SUCCEEDED,
  failed: DeploymentState.DEPLOYMENT_STATE_FAILED,
  cancelled: DeploymentState.DEPLOYMENT_STATE_CANCELLED,
  interrupted: DeploymentState.DEPLOYMENT_STATE_INTERRUPTED,
} as const;
export const DEPLOYMENT_STATE_NAMES = new Map(Object.entries(STATES).map(([k, v]) => [v as DeploymentState, k]));

const HOST_STATES = {
  pending: HostState.HOST_STATE_PENDING,
  running: HostState.HOST_STATE_RUNNING,
  ok: HostState.HOST_STATE_OK,
  failed: HostState.HOST_STATE_FAILED,
} as const;

export const targetFromProto = (t: TargetProto): Target => ({
  name: t.name,
  address: t.address,
  ...(t.port ? { port: t.port } : {}),
  ...(t.user ? { user: t.user } : {}),
});

export const targetToProto = (t: Target): TargetProto => ({
  name: t.name,
  address: t.address,
  port: t.port ?? 0,
  user: t.user ?? '',
});

export function optionsToProto(o: DeployOptions): DeployOptionsProto {
  return {
    ...o,
    bundle: o.bundle ?? '',
    servers: o.servers ?? '',
    tokenFile: o.tokenFile ?? '',
    datastore: o.datastore ?? '',
    datastoreMembers: o.datastoreMembers ?? '',
    agentBundle: o.agentBundle ?? '',
  };
}

/** Watch and list carry the hosts' summaries; GetDeployment adds each host's steps (and log tail). */
export function deploymentToProto(d: DeploymentView, detail?: (h: HostView) => string[]): Deployment {
  return {
    id: d.id,
    set: d.set,
    state: STATES[d.state],
    stage: d.stage,
    hosts: d.hosts.map(
      (h): HostStatus => ({
        name: h.name,
        address: h.address,
        stage: h.stage,
        state: HOST_STATES[h.state],
        stepsDone: h.stepsDone,
        stepTotal: h.stepTotal,
        step: h.step,
        stepTitle: h.stepTitle,
        stepStatus: h.stepStatus,
        changed: h.changed,
        unchanged: h.unchanged,
        error: h.error,
        steps: detail ? h.steps.filter(Boolean) : [],
        logTail: detail ? detail(h) : [],
      }),
    ),
    changed: d.changed,
    error: d.error,
    createdAtUnixMs: BigInt(d.createdAt),
    finishedAtUnixMs: BigInt(d.finishedAt),
    options: optionsToProto(d.options),
    decision: d.decision,
  };
}

export function planToProto(p: Plan & { lines: string[]; decision: string }): PlanProto {
  return {
    set: p.set,
    changes: p.changes,
    lines: p.lines,
    decision: p.decision,
    hosts: p.hosts.map((h) => ({
      stage: h.stage,
      host: h.host,
      error: h.error ?? '',
      resumeStep: h.resumeAt?.step ?? '',
      resumeError: h.resumeAt?.error ?? '',
      steps: h.steps.map((s) => ({
        id: s.id,
        title: s.title,
        check: s.check.kind,
        reason: s.check.kind === 'change' ? s.check.reason : s.check.kind === 'ok' ? (s.check.detail ?? '') : '',
      })),
    })),
  };
}
