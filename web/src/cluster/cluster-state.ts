import type { GetClusterResponse, WatchClusterResponse } from '@paddock/proto/cluster/v1/cluster.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/** The console's copy of the cluster view, folded from WatchCluster (pure): the latest whole view. */
export interface ClusterState {
  view: GetClusterResponse | undefined;
  revision: bigint;
  synced: boolean;
}

export const EMPTY: ClusterState = { view: undefined, revision: 0n, synced: false };

export function applyClusterEvent(s: ClusterState, e: WatchClusterResponse): ClusterState {
  const w = e.watch;
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { view: undefined, revision: w.revision, synced: false };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, revision: w.revision, synced: true };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE:
      return e.cluster ? { ...s, view: e.cluster, revision: w.revision } : s;
    default:
      return s;
  }
}

/** "42 s", "3 min", "2 h": how long a holder has held, to the coarse unit that matters. */
export function heldFor(sinceUnixMs: bigint, now: number): string {
  if (sinceUnixMs <= 0n) return '';
  const s = Math.max(0, Math.round((now - Number(sinceUnixMs)) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
