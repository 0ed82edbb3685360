import { join } from 'node:path';
import { type ModuleContext, type RoleGate, type ServiceHandle, type ServiceModule, watch } from '@paddock/runtime';
import { Counter, Gauge } from 'prom-client';
import { inventoryService } from './api/inventory-service.ts';
import type { ClaimSet } from './compute/claim-set.ts';
import { ClaimedProvider } from './compute/claimed-provider.ts';
import { checkComputeHost, startComputeHost } from './compute/compute-module.ts';
import type { InventoryConfig } from './config.ts';
import { Inventory, type NodeIdentity } from './core/inventory.ts';
import { type NodeWatchItem, nodeSource } from './core/watch.ts';
import { runFeed } from './feeds/feed-runner.ts';
import { grpcFeedSources } from './feeds/grpc-sources.ts';
import type { Observation } from './model/observation.ts';
import { BmcProvider } from './power/bmc/bmc-provider.ts';
import { MetalProvider } from './power/metal/metal-provider.ts';
import { scannerWaker } from './power/metal/scanner-waker.ts';
import type { Provider } from './power/provider.ts';
import { ProviderRegistry } from './power/provider.ts';
import { QemuProvider } from './power/qemu/qemu-provider.ts';
import { Reconciler } from './power/reconciler.ts';
import { openNodeStore } from './store/open-store.ts';

export interface InventoryHandle extends ServiceHandle {
  /**
   * The WatchNodes stream in this process, for the boot service's node cache under `paddock up`
   * (throws until the module is made, so a follower retries).
   */
  watchNodes(fromRevision: bigint, signal: AbortSignal): AsyncIterable<NodeWatchItem>;
  /** The core, once the module is made (for tests and in-process callers). */
  inventory(): Inventory | undefined;
}

/**
 * The inventory as a runtime module: its store (SQLite in the data dir, or etcd), the metal, QEMU and BMC
 * providers (more register here later: clouds), the power reconciler and the feeds from the
 * DHCP, boot and scanner services, all stopped with the server.
 */
export function createInventory(
  config: InventoryConfig,
  extraProviders: Provider[] = [],
  identity?: NodeIdentity,
  /** With several servers on one etcd: the power reconciler runs only while this holds. */
  reconcileGate?: RoleGate,
): InventoryHandle {
  let inv: Inventory | undefined;
  const factory = (ctx: ModuleContext): ServiceModule => {
    if (config.computeHost) checkComputeHost(config.store);
    const { store, close } = openNodeStore(config.store, config.site, ctx);
    const qemu = new QemuProvider({
      stateDir: join(ctx.dataDir, 'qemu'),
      binary: config.qemuBinary,
      netns: config.qemuNetns,
      bridge: config.qemuBridge,
      accel: config.qemuAccel,
      ovmfCode: config.ovmfCode,
      ovmfVars: config.ovmfVars,
      log: ctx.log,
    });
    // On etcd, QEMU machines run on the compute host holding their claim, wherever the call lands.
    let claims: ClaimSet | undefined;
    const claimed = config.store.kind === 'etcd' ? new ClaimedProvider(qemu, () => claims) : undefined;
    const providers = new ProviderRegistry([
      new MetalProvider({ wake: scannerWaker(ctx.dataDir, config.scannerServer) }),
      claimed ?? qemu,
      new BmcProvider({ dataDir: ctx.dataDir, pollMs: config.bmcPollInterval * 1000 }),
      ...extraProviders,
    ]);
    const core = new Inventory({ store, providers, log: ctx.log.child({ module: 'inventory' }), identity });
    inv = core;
    const reconciler = new Reconciler(core, {
      intervalMs: config.reconcileInterval * 1000,
      bootTimeoutMs: config.bootTimeout * 1000,
      ...(reconcileGate ? { gate: reconcileGate } : {}),
      ...(claimed ? { skip: (n: { provider: { name: string } }) => n.provider.name === 'qemu' } : {}),
    });
    const connected = new Gauge({
      name: 'paddock_inventory_feed_connected',
      help: 'Whether the inventory is following a feed (1) or waiting to reconnect (0)',
      labelNames: ['feed'] as const,
      registers: [ctx.metrics.registry],
    });
    const applied = new Counter({
      name: 'paddock_inventory_feed_events_total',
      help: 'Events applied from each feed since start',
      labelNames: ['feed'] as const,
      registers: [ctx.metrics.registry],
    });
    const cursor = new Gauge({
      name: 'paddock_inventory_feed_cursor',
      help: "The other service's revision each feed has stored (resumes after it)",
      labelNames: ['feed'] as const,
      registers: [ctx.metrics.registry],
    });
    const reportProblems = new Counter({
      name: 'paddock_inventory_hardware_report_problems_total',
      help: 'Hardware reports refused whole (refused) and lines dropped from the others (line)',
      labelNames: ['problem'] as const,
      registers: [ctx.metrics.registry],
    });
    /** A report's problems are counted and logged once per report, bounded: the body is the machine's. */
    const noteReport = (o: Observation | undefined): Observation | undefined => {
      const p = o?.kind === 'boot' ? o.reportProblems : undefined;
      if (!o || !p) return o;
      const lines = 'refused' in p ? [] : p.droppedLines;
      if ('refused' in p) reportProblems.inc({ problem: 'refused' });
      else reportProblems.inc({ problem: 'line' }, lines.length);
      ctx.log.warn(
        {
          mac: o.mac,
          refused: 'refused' in p ? p.refused : undefined,
          dropped: lines.slice(0, 5),
          more: Math.max(0, lines.length - 5),
        },
        'hardware report from a machine had problems',
      );
      return o;
    };
    const stop = new AbortController();
    const loops: Promise<void>[] = [];
    return {
      name: 'inventory',
      protoFiles: ['paddock/inventory/v1/inventory.proto'],
      services: [inventoryService(core)],
      start() {
        loops.push(reconciler.run(stop.signal));
        if (config.computeHost) {
          const compute = startComputeHost(config, ctx, core, qemu, stop.signal);
          claims = compute.claims;
          loops.push(compute.done);
        }
        if (!config.feeds) return;
        const targets = {
          dataDir: ctx.dataDir,
          dhcp: config.dhcpServer,
          boot: config.bootServer,
          scanner: config.scannerServer,
        };
        for (const source of grpcFeedSources(targets))
          loops.push(
            runFeed(
              core,
              { ...source, observe: (m) => noteReport(source.observe(m)) },
              stop.signal,
              (s) => connected.set({ feed: s.name }, s.connected ? 1 : 0),
              (at) => {
                applied.inc({ feed: source.name });
                cursor.set({ feed: source.name }, Number(at));
              },
            ),
          );
      },
      async stop() {
        stop.abort();
        await Promise.allSettled(loops);
        close();
      },
    };
  };
  return {
    name: 'inventory',
    factory,
    watchNodes(fromRevision, signal) {
      if (!inv) throw new Error('the inventory module has not been made yet');
      return watch(nodeSource(inv), { fromRevision, signal });
    },
    inventory: () => inv,
  };
}
