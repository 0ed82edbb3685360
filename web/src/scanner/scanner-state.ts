/**
 * The scanner page's copies of the nodes and the wakes, built from WatchNodes and WatchWakes
 * events, purely. Each remembers the last revision applied, so a dropped stream is reopened from
 * there: the server replays what was missed (or starts over with RESET).
 */
import { type Node, NodeEventKind, type WatchNodesResponse } from '@paddock/proto/scanner/v1/scanner.ts';
import { WakeEventKind, type WakeRecord, type WatchWakesResponse } from '@paddock/proto/scanner/v1/wake.ts';
import { ipOrder } from './scanner-format.ts';

export interface Watched<T> {
  items: ReadonlyMap<string, T>;
  revision: bigint;
  /** The snapshot (or replay) is complete: the list is current. */
  synced: boolean;
}

export const emptyWatched = <T>(): Watched<T> => ({ items: new Map(), revision: 0n, synced: false });

export function applyNodeEvent(s: Watched<Node>, r: WatchNodesResponse): Watched<Node> {
  const e = r.event;
  if (!e) return s;
  switch (e.kind) {
    case NodeEventKind.NODE_EVENT_KIND_RESET:
      return { items: new Map(), revision: e.revision, synced: false };
    case NodeEventKind.NODE_EVENT_KIND_SYNCED:
      return { ...s, revision: e.revision, synced: true };
    default: {
      if (!e.node) return { ...s, revision: e.revision };
      const items = new Map(s.items);
      items.set(e.node.mac, e.node);
      return { ...s, items, revision: e.revision };
    }
  }
}

export function applyWakeEvent(s: Watched<WakeRecord>, r: WatchWakesResponse): Watched<WakeRecord> {
  const e = r.event;
  if (!e) return s;
  switch (e.kind) {
    case WakeEventKind.WAKE_EVENT_KIND_RESET:
      return { items: new Map(), revision: e.revision, synced: false };
    case WakeEventKind.WAKE_EVENT_KIND_SYNCED:
      return { ...s, revision: e.revision, synced: true };
    default: {
      if (!e.wake) return { ...s, revision: e.revision };
      const items = new Map(s.items);
      items.set(e.wake.id, e.wake);
      return { ...s, items, revision: e.revision };
    }
  }
}

/** Nodes by address (never-addressed ones last). */
export function sortedNodes(s: Watched<Node>): Node[] {
  return [...s.items.values()].sort((a, b) => ipOrder(a.ips[0]) - ipOrder(b.ips[0]) || a.mac.localeCompare(b.mac));
}

/** The newest wake of each MAC. */
export function latestWakes(s: Watched<WakeRecord>): Map<string, WakeRecord> {
  const out = new Map<string, WakeRecord>();
  for (const w of s.items.values()) {
    const prev = out.get(w.mac);
    if (!prev || w.requestedAtUnixMs > prev.requestedAtUnixMs) out.set(w.mac, w);
  }
  return out;
}
