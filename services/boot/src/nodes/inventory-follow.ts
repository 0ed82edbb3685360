import type { ModuleContext } from '@paddock/runtime';
import { Gauge } from 'prom-client';
import { followNodes } from './follow.ts';
import type { InventoryLink } from './inventory-grpc.ts';
import { NodeCache } from './node-cache.ts';

export interface InventoryFollow {
  /** The inventory's nodes as last seen, for the rules. */
  cache: NodeCache;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs the node cache's follow for the module's lifetime, and says how it goes: the gauge
 * paddock_boot_inventory_connected is 1 while the cache is current and 0 while it is not
 * (no inventory configured, none found, or the stream broke and is being reopened).
 * It is not a health component: boot answers go on without labels, so the server stays SERVING.
 */
export function inventoryFollow(ctx: ModuleContext, link: InventoryLink | undefined): InventoryFollow {
  const cache = new NodeCache();
  const connected = new Gauge({
    name: 'paddock_boot_inventory_connected',
    help: 'Whether boot rules see current inventory labels and boot rules (1) or not (0)',
    registers: [ctx.metrics.registry],
  });
  new Gauge({
    name: 'paddock_boot_inventory_nodes',
    help: 'Inventory nodes the boot rules know of',
    registers: [ctx.metrics.registry],
    collect() {
      this.set(cache.size);
    },
  });
  connected.set(0);
  const stop = new AbortController();
  let loop: Promise<void> | undefined;
  let warned = '';
  let wasConnected = false;
  return {
    cache,
    start() {
      if (!link) {
        ctx.log.info('boot: not following an inventory; rules see no labels and no per-node boot rule');
        return;
      }
      loop = followNodes(cache, link(ctx.dataDir), stop.signal, (s) => {
        connected.set(s.connected ? 1 : 0);
        if (s.connected) ctx.log.info({ nodes: cache.size }, 'boot: following the inventory');
        // The first tries often come before the inventory's run file exists: not news.
        else if (wasConnected || (s.failures >= 3 && warned !== s.lastError)) {
          ctx.log.warn(
            { err: s.lastError },
            'boot: inventory not reachable; retrying (rules use the nodes last seen, if any)',
          );
          warned = s.lastError;
        }
        wasConnected = s.connected;
      });
    },
    async stop() {
      stop.abort();
      await loop;
    },
  };
}
