import {
  InventoryServiceDefinition,
  NodeEventKind,
  type WatchNodesResponse,
} from '@paddock/proto/inventory/v1/inventory.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { connect, createClient, WATCH_KEEPALIVE } from '@paddock/runtime';
import type { NodeEvent, NodeFeed } from './node-cache.ts';

/** Where the boot service's node cache is fed from, given the server's data dir. */
export type InventoryLink = (dataDir: string) => NodeFeed;

const MARKERS = new Map<WatchEventKind, NodeEvent['kind']>([
  [WatchEventKind.WATCH_EVENT_KIND_RESET, 'reset'],
  [WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 'snapshot'],
  [WatchEventKind.WATCH_EVENT_KIND_SYNCED, 'synced'],
  // Kept (the cache ignores it) so the follower's stall timer sees an idle stream is alive.
  [WatchEventKind.WATCH_EVENT_KIND_PROGRESS, 'progress'],
]);
const CHANGES = new Map<NodeEventKind, NodeEvent['kind']>([
  [NodeEventKind.NODE_EVENT_KIND_CREATED, 'created'],
  [NodeEventKind.NODE_EVENT_KIND_UPDATED, 'updated'],
  [NodeEventKind.NODE_EVENT_KIND_DELETED, 'deleted'],
]);

/** An event as the cache keeps it; undefined for a kind this build does not know. */
export function nodeEventFromPb(r: WatchNodesResponse): NodeEvent | undefined {
  const w = r.watch;
  const kind = w?.kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE ? CHANGES.get(r.kind) : w && MARKERS.get(w.kind);
  if (!kind || !w) return undefined;
  const n = r.node;
  return {
    kind,
    revision: w.revision,
    node: n && { id: n.id, macs: n.nics.map((x) => x.mac), labels: n.labels, bootRule: n.bootRule },
  };
}

/**
 * The inventory's WatchNodes over gRPC. Where it is gets decided at every (re)connect: `server`
 * (host:port) when given, otherwise the run file of whichever server in the data dir offers
 * InventoryService, with the CA and admin token beside it (as `paddock inventory` finds it);
 * with keepalive, so a vanished inventory fails the call instead of leaving boot on a dead socket.
 */
export function inventoryOverGrpc(server?: string): InventoryLink {
  return (dataDir) =>
    async function* (fromRevision, signal) {
      const c = connect({ dataDir, server, service: InventoryServiceDefinition.fullName });
      const client = createClient(InventoryServiceDefinition, c.address, c.credentials, {
        ...c.options,
        ...WATCH_KEEPALIVE,
      });
      try {
        for await (const r of client.watchNodes({ watch: { fromRevision } }, { signal })) {
          const e = nodeEventFromPb(r);
          if (e) yield e;
        }
      } finally {
        client.close();
      }
    };
}
