import type { Revisioned, WatchItem, WatchSource } from '@paddock/runtime';
import type { Node } from '../model/node.ts';
import type { Change } from '../store/store.ts';
import type { Inventory } from './inventory.ts';

/** One message of WatchNodes before it is put on the wire: a node (SNAPSHOT) or a change. */
export type NodeWatchItem = WatchItem<Node, Change>;

/**
 * WatchNodes' source for the runtime's watch(): the nodes as the store lists them, the recent
 * changes from memory, and older ones (after a restart too) from the store's change log.
 */
export function nodeSource(inv: Inventory): WatchSource<Node, Change> {
  const revisioned = (c: Change): Revisioned<Change> => ({ revision: c.revision, change: c });
  return {
    subscribe: (listener) => inv.changes.subscribe(listener),
    head: () => inv.changes.head(),
    snapshot: () => {
      const { nodes, revision } = inv.store.list();
      return { revision, items: nodes };
    },
    since: (revision) => inv.changes.since(revision) ?? inv.store.changesSince(revision)?.map(revisioned),
  };
}
