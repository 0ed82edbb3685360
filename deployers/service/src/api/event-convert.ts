import type { DeployEvent, StepStatus } from '@paddock/deployers';
import type { DeployEvent as DeployEventProto } from '@paddock/proto/deploy/v1/deploy.ts';

/** The engine's progress events on the wire: flat, every field present, the kind naming which matter. */
const EMPTY: DeployEventProto = {
  kind: '',
  stage: '',
  hosts: [],
  host: '',
  step: '',
  title: '',
  status: '',
  detail: '',
  index: 0,
  total: 0,
  outcome: '',
  changed: 0,
  unchanged: 0,
  error: '',
  ok: false,
  failedHosts: [],
  interrupted: false,
};

export function eventToProto(e: DeployEvent): DeployEventProto {
  return {
    ...EMPTY,
    ...e,
    detail: e.kind === 'step' ? (e.detail ?? '') : '',
    error: e.kind === 'host' ? (e.error ?? '') : '',
  };
}

/** Back to the engine's event, so a client renders the service's progress as the CLI renders its own. */
export function eventFromProto(e: DeployEventProto): DeployEvent | undefined {
  switch (e.kind) {
    case 'stage':
      return { kind: 'stage', stage: e.stage, hosts: e.hosts };
    case 'step':
      return {
        kind: 'step',
        stage: e.stage,
        host: e.host,
        step: e.step,
        title: e.title,
        status: e.status as StepStatus,
        index: e.index,
        total: e.total,
        ...(e.detail ? { detail: e.detail } : {}),
      };
    case 'host':
      return {
        kind: 'host',
        stage: e.stage,
        host: e.host,
        outcome: e.outcome === 'ok' ? 'ok' : 'failed',
        changed: e.changed,
        unchanged: e.unchanged,
        ...(e.error ? { error: e.error } : {}),
      };
    case 'done':
      return { kind: 'done', ok: e.ok, changed: e.changed, failedHosts: e.failedHosts, interrupted: e.interrupted };
    default:
      return undefined;
  }
}
