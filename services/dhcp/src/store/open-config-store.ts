import { openSiteEtcd, sitePrefix } from '@paddock/etcd';
import type { Db, Logger } from '@paddock/runtime';
import type { DhcpModuleOptions } from '../module.ts';
import { type ConfigStore, SqliteConfigStore } from './config-store.ts';
import { EtcdConfigStore } from './etcd/etcd-config-store.ts';

/** Subnets and reservations in dhcp.db, or the site's on etcd (`--store`), and how to close them. */
export function openConfigStore(
  opts: Pick<DhcpModuleOptions, 'store' | 'site'>,
  db: Db,
  log: Logger,
): { store: ConfigStore; close(): void } {
  const target = opts.store ?? { kind: 'sqlite' };
  if (target.kind === 'sqlite') return { store: new SqliteConfigStore(db), close() {} };
  const site = opts.site ?? 'default';
  const prefix = sitePrefix(target, site);
  const etcd = openSiteEtcd({ endpoints: target.endpoints, tls: target.tls, prefix, site });
  const store = new EtcdConfigStore(etcd, prefix, (key, reason) =>
    log.warn({ key, reason }, 'skipped a value under the DHCP config prefix'),
  );
  log.info({ prefix }, 'subnets and reservations on etcd');
  return { store, close: () => etcd.close() };
}
