import {
  type Deployment,
  DeploymentState,
  HostState,
  type HostStatus,
  type WatchDeploymentsResponse,
} from '@paddock/proto/deploy/v1/deploy.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/** The console's copy of the deployments, folded from WatchDeployments messages (pure). */
export interface DeploymentsState {
  deployments: ReadonlyMap<string, Deployment>;
  revision: bigint;
  synced: boolean;
}

export const EMPTY: DeploymentsState = { deployments: new Map(), revision: 0n, synced: false };

export function applyDeploymentEvent(s: DeploymentsState, e: WatchDeploymentsResponse): DeploymentsState {
  const w = e.watch;
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { deployments: new Map(), revision: w.revision, synced: false };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, revision: w.revision, synced: true };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE:
      if (!e.deployment) return s;
      return { ...s, deployments: new Map(s.deployments).set(e.deployment.id, e.deployment), revision: w.revision };
    default:
      return s;
  }
}

/** Newest first. */
export const sortedDeployments = (s: DeploymentsState): Deployment[] =>
  [...s.deployments.values()].sort((a, b) => Number(b.createdAtUnixMs - a.createdAtUnixMs) || a.id.localeCompare(b.id));

export const STATE_TEXT: Record<number, string> = {
  [DeploymentState.DEPLOYMENT_STATE_RUNNING]: 'running',
  [DeploymentState.DEPLOYMENT_STATE_SUCCEEDED]: 'succeeded',
  [DeploymentState.DEPLOYMENT_STATE_FAILED]: 'failed',
  [DeploymentState.DEPLOYMENT_STATE_CANCELLED]: 'cancelled',
  [DeploymentState.DEPLOYMENT_STATE_INTERRUPTED]: 'interrupted',
};

export const HOST_TEXT: Record<number, string> = {
  [HostState.HOST_STATE_PENDING]: 'waiting',
  [HostState.HOST_STATE_RUNNING]: 'running',
  [HostState.HOST_STATE_OK]: 'done',
  [HostState.HOST_STATE_FAILED]: 'failed',
};

/** A host's line beside its bar: the stage, and the step running or what stopped it. */
export function hostLine(h: HostStatus): string {
  const where = h.stage ? `${h.stage}: ` : '';
  if (h.state === HostState.HOST_STATE_FAILED) return `${where}failed: ${h.error}`;
  if (h.state === HostState.HOST_STATE_OK) return `${where}done (${h.changed} changed, ${h.unchanged} unchanged)`;
  if (h.state === HostState.HOST_STATE_RUNNING) return `${where}${h.stepTitle} (${h.stepStatus})`;
  return `${where}waiting`;
}

/** `NAME=[USER@]ADDRESS[:PORT]` per line or comma, as `--host` takes them; the server checks the rest. */
export function parseHostLines(text: string): { name: string; address: string; port: number; user: string }[] {
  return text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^([^=\s]+)=(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(l);
      if (!m) throw new Error(`${l}: expected NAME=ADDRESS[:PORT]`);
      return { name: m[1]!, user: m[2] ?? '', address: m[3]!.replace(/^\[|\]$/g, ''), port: Number(m[4] ?? 0) };
    });
}
