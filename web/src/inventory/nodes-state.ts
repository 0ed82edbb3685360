import { type Node, NodeEventKind, type WatchNodesResponse } from '@paddock/proto/inventory/v1/inventory.ts';

/**
 * The console's copy of the inventory, built from WatchNodes events, pure. It remembers the
 * last revision applied, so a stream that drops is reopened from there: the server replays
 * what was missed (or starts over with RESET), never a gap and never a repeat.
 */
export interface NodesState {
  nodes: ReadonlyMap<string, Node>;
  revision: bigint;
  /** True once the snapshot (or replay) is complete: the list is current. */
  synced: boolean;
}

export const EMPTY: NodesState = { nodes: new Map(), revision: 0n, synced: false };

export function applyNodeEvent(s: NodesState, e: WatchNodesResponse): NodesState {
  switch (e.kind) {
    case NodeEventKind.NODE_EVENT_KIND_RESET:
      return { nodes: new Map(), revision: e.revision, synced: false };
    case NodeEventKind.NODE_EVENT_KIND_SYNCED:
      return { ...s, revision: e.revision, synced: true };
    case NodeEventKind.NODE_EVENT_KIND_SNAPSHOT:
    case NodeEventKind.NODE_EVENT_KIND_CREATED:
    case NodeEventKind.NODE_EVENT_KIND_UPDATED: {
      if (!e.node) return s;
      const nodes = new Map(s.nodes);
      nodes.set(e.node.id, e.node);
      return { ...s, nodes, revision: e.revision };
    }
    case NodeEventKind.NODE_EVENT_KIND_DELETED: {
      if (!e.node) return s;
      const nodes = new Map(s.nodes);
      nodes.delete(e.node.id);
      return { ...s, nodes, revision: e.revision };
    }
    default:
      return s;
  }
}

/** The nodes by name, as the list shows them. */
export function sortedNodes(s: NodesState): Node[] {
  return [...s.nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
}
