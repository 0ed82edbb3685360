import { openSiteEtcd, sitePrefix } from '@paddock/etcd';
import type { Db, Logger } from '@paddock/runtime';
import type { ScannerModuleOptions } from '../scanner-module.ts';
import { etcdScannerStore } from './etcd/etcd-scanner-store.ts';
import type { ScannerStore } from './scanner-store.ts';
import { sqliteScannerStore } from './sqlite-scanner-store.ts';

/** The scanner's state in scanner.db, or the site's on etcd (`--store`). */
export function openScannerStore(
  opts: Pick<ScannerModuleOptions, 'store' | 'site'>,
  db: Db,
  log: Logger,
): ScannerStore {
  const target = opts.store ?? { kind: 'sqlite' };
  if (target.kind === 'sqlite') return sqliteScannerStore(db);
  const site = opts.site ?? 'default';
  const prefix = sitePrefix(target, site);
  const etcd = openSiteEtcd({ endpoints: target.endpoints, tls: target.tls, prefix, site });
  log.info({ prefix }, 'scanner nodes, ports and records on etcd');
  return etcdScannerStore(etcd, prefix, (key, reason) =>
    log.warn({ key, reason }, 'skipped a value under the scanner prefix'),
  );
}
