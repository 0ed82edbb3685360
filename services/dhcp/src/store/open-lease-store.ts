import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describeTarget, sitePrefix } from '@paddock/etcd';
import type { Db, Logger, ModuleContext } from '@paddock/runtime';
import type { LeaseStore } from '../leases/lease-store.ts';
import type { DhcpModuleOptions } from '../module.ts';
import { EtcdLeaseStore } from './etcd/etcd-lease-store.ts';
import { ThreadedLeaseStore } from './lease-writer.ts';
import { SqliteLeaseStore } from './sqlite-lease-store.ts';

/** The lease store `--store` names, where this server's pool cursors start, and how to close it. */
export async function openLeaseStore(
  opts: Pick<DhcpModuleOptions, 'store' | 'site' | 'commitThread'>,
  ctx: Pick<ModuleContext, 'dataDir'>,
  db: Db,
  log: Logger,
): Promise<{ store: LeaseStore; allocationStart: number; close(): Promise<void> }> {
  const target = opts.store ?? { kind: 'sqlite' };
  if (target.kind === 'sqlite') {
    if (opts.commitThread === false) return { store: new SqliteLeaseStore(db), allocationStart: 0, async close() {} };
    const store = new ThreadedLeaseStore(db, join(ctx.dataDir, 'dhcp.db'));
    return { store, allocationStart: 0, close: () => store.close() };
  }
  const site = opts.site ?? 'default';
  const store = await EtcdLeaseStore.open({
    endpoints: target.endpoints,
    tls: target.tls,
    prefix: sitePrefix(target, site),
    site,
    onDamaged: (key, reason) =>
      log.warn({ key, reason }, 'a value under the lease prefix is not a lease: its address is kept out of use'),
    onHealth: (ok, detail) =>
      ok
        ? log.info({ detail }, 'etcd confirms lease claims again')
        : log.error({ detail }, 'etcd does not confirm lease claims: no address is acknowledged until it does'),
    onWatchMoved: (detail) => log.info({ detail }, 'lease watch resumed on another etcd member'),
  });
  log.info({ store: describeTarget(target), site }, 'leases on etcd');
  // Each process starts its pool cursors elsewhere (allocator.ts): fewer lost claims between servers.
  const start = createHash('sha256').update(store.writer).digest().readUInt32BE(0) / 2 ** 32;
  return { store, allocationStart: start, close: () => store.close() };
}
