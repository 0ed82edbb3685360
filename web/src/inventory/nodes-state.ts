import { type Node, NodeEventKind, type WatchNodesResponse } from '@paddock/proto/inventory/v1/inventory.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/**
 * The console's copy of the inventory, built from WatchNodes events, pure. useWatch reopens a
 * stream that drops from the last revision applied: the server replays what was missed (or
 * starts over with RESET), never a gap and never a repeat.
 */
export interface NodesState {
  nodes: ReadonlyMap<string, Node>;
  revision: bigint;
  /** True once the snapshot (or replay) is complete: the list is current. */
  synced: boolean;
}

export const EMPTY: NodesState = { nodes: new Map(), revision: 0n, synced: false };

export function applyNodeEvent(s: NodesState, e: WatchNodesResponse): NodesState {
  const w = e.watch;
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { nodes: new Map(), revision: w.revision, synced: false };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, revision: w.revision, synced: true };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE: {
      if (!e.node) return s;
      const nodes = new Map(s.nodes);
      if (e.kind === NodeEventKind.NODE_EVENT_KIND_DELETED) nodes.delete(e.node.id);
      else nodes.set(e.node.id, e.node);
      return { ...s, nodes, revision: w.revision };
    }
    default:
      return s;
  }
}

/** The nodes by name, as the list shows them. */
export function sortedNodes(s: NodesState): Node[] {
  return [...s.nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
}
