import type { InventoryLink, NodeEvent } from '@paddock/boot';
import type { InventoryHandle, NodeWatchItem } from '@paddock/inventory';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

const MARKERS = new Map<WatchEventKind, NodeEvent['kind']>([
  [WatchEventKind.WATCH_EVENT_KIND_RESET, 'reset'],
  [WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 'snapshot'],
  [WatchEventKind.WATCH_EVENT_KIND_SYNCED, 'synced'],
]);

/** An inventory watch event as the boot service's node cache keeps it; undefined for PROGRESS. */
export function nodeEventOf(e: NodeWatchItem): NodeEvent | undefined {
  const kind = e.change?.kind ?? MARKERS.get(e.watch.kind);
  if (!kind) return undefined;
  const n = e.snapshot ?? e.change?.node;
  return {
    kind,
    revision: e.watch.revision,
    node: n && { id: n.id, macs: n.nics.map((x) => x.mac), labels: n.labels, bootRule: n.bootRule },
  };
}

/**
 * The inventory in this process (`paddock up`): the boot rules' node cache follows its watch
 * stream straight from its core, with no socket, no credential and no run file to wait for.
 */
export function inProcessInventory(inventory: InventoryHandle): InventoryLink {
  return () =>
    async function* (fromRevision, signal) {
      for await (const e of inventory.watchNodes(fromRevision, signal)) {
        const event = nodeEventOf(e);
        if (event) yield event;
      }
    };
}
