import type { InventoryLink, NodeEvent } from '@paddock/boot';
import type { InventoryHandle, WatchEvent } from '@paddock/inventory';

/** An inventory watch event as the boot service's node cache keeps it. */
export function nodeEventOf(e: WatchEvent): NodeEvent {
  const n = 'node' in e ? e.node : undefined;
  return {
    kind: e.kind,
    revision: e.revision,
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
      for await (const e of inventory.watchNodes(fromRevision, signal)) yield nodeEventOf(e);
    };
}
