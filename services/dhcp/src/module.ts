import { followChanges, type StoreTarget } from '@paddock/etcd';
import type { BootAnswerProvider } from '@paddock/netboot';
import { openIcmp } from '@paddock/netio';
import type { Logger, ServiceHandle } from '@paddock/runtime';
import { dhcpService } from './api/service.ts';
import { LiveConfig } from './config/live-config.ts';
import type { ReservationDoc, SubnetDoc } from './config/schema.ts';
import { type Settings, settingsSchema } from './config/settings.ts';
import { DhcpServer } from './server/dhcp-server.ts';
import type { Pinger } from './server/prober.ts';
import { DhcpStats } from './server/stats.ts';
import { MIGRATIONS } from './store/migrations.ts';
import { openConfigStore } from './store/open-config-store.ts';
import { openLeaseStore } from './store/open-lease-store.ts';

export interface DhcpModuleOptions {
  /** The interfaces to serve; the server opens nothing anywhere else. */
  interfaces: readonly string[];
  /** Subnets and reservations from the config file or quick flags (see live-config.ts). */
  subnets?: SubnetDoc[];
  reservations?: ReservationDoc[];
  settings?: Partial<Settings>;
  /** The boot service's rules, for subnets without boot settings of their own. */
  boot?: BootAnswerProvider | undefined;
  /** Serve inside this network namespace (labs and tests). */
  netns?: string;
  /** Commit leases on a writer thread (default) or on the main thread (for comparison). */
  commitThread?: boolean;
  /** Where leases live: the data dir's SQLite (default) or etcd, shared with the site's other servers. */
  store?: StoreTarget;
  /** The site id checked under the etcd prefix (default "default"). */
  site?: string;
  /** Where pool cursors start (allocator.ts); by default 0 on SQLite and a per-process point on etcd. */
  allocationStart?: number;
}

/** The DHCP service as a runtime module: `paddock dhcp serve` and `paddock up` both use it. */
export function createDhcp(opts: DhcpModuleOptions): ServiceHandle {
  return { name: 'dhcp', factory: dhcpFactory(opts) };
}

function dhcpFactory(opts: DhcpModuleOptions): ServiceHandle['factory'] {
  return async (ctx) => {
    const settings = settingsSchema.parse(opts.settings ?? {});
    const db = ctx.openDatabase('dhcp', { migrations: MIGRATIONS, synchronous: 'FULL' });
    const log = ctx.log.child({ module: 'dhcp' });
    const config = openConfigStore(opts, db, log);
    const live = new LiveConfig(config.store, {
      subnets: opts.subnets ?? [],
      reservations: opts.reservations ?? [],
    });
    // Another server's change arrives through the store's watch (etcd; none on SQLite).
    const watch = config.store.watch?.bind(config.store);
    const follow =
      watch &&
      followChanges(
        watch,
        () => refreshConfig(live, log),
        (err) => log.warn({ err: err.message }, 'cannot read the DHCP config from etcd; retrying'),
      );
    const stats = new DhcpStats(ctx.metrics.registry);
    const { store, allocationStart, close } = await openLeaseStore(opts, ctx, db, log);
    let pinger: (Pinger & { close(): void; unref(): unknown }) | undefined;
    if (settings.conflictDetection.enabled) {
      try {
        pinger = openIcmp(opts.netns === undefined ? {} : { netns: opts.netns });
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'no ICMP socket (needs CAP_NET_RAW): conflict detection is off');
      }
    }
    const server = new DhcpServer({
      interfaces: opts.interfaces,
      settings,
      store,
      config: () => live.current,
      stats,
      log,
      boot: opts.boot,
      pinger,
      netns: opts.netns,
      allocationStart: opts.allocationStart ?? allocationStart,
    });
    return {
      name: 'dhcp',
      protoFiles: ['paddock/dhcp/v1/dhcp.proto'],
      services: [dhcpService(server, live, stats)],
      start() {
        server.start();
        ctx.setHealthy('dhcp', true);
      },
      async stop() {
        follow?.close();
        await server.close();
        await close();
        config.close();
        pinger?.close();
        const tally = (t: Map<string, number>) => Object.fromEntries(t);
        log.info(
          {
            received: tally(stats.received),
            sent: tally(stats.sent),
            dropped: tally(stats.dropped),
            probes: tally(stats.probes),
          },
          'dhcp stopped',
        );
      },
    };
  };
}

/** Throws when etcd could not be read (followChanges tries again). */
function refreshConfig(live: LiveConfig, log: Logger): void {
  const r = live.refresh();
  if (r === 'reloaded') log.info('subnets or reservations changed on another server; reloaded');
  else if (r !== 'same')
    log.error({ reason: r.refused }, 'the site’s DHCP config does not build; keeping the running one');
}
