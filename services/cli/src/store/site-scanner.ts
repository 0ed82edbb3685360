import { join } from 'node:path';
import { openSiteEtcd, type StoreTarget, sitePrefix } from '@paddock/etcd';
import { openDatabase } from '@paddock/runtime';
import {
  etcdScannerStore,
  SCANNER_MIGRATIONS,
  type ScannerRows,
  type ScannerStore,
  sqliteScannerStore,
} from '@paddock/scanner';

/** The scanner's state `target` holds for `site` (SQLite: scanner.db in the data dir). */
function openScanner(target: StoreTarget, dataDir: string, site: string): ScannerStore {
  if (target.kind === 'sqlite') {
    const db = openDatabase(join(dataDir, 'scanner.db'), { migrations: SCANNER_MIGRATIONS });
    return { ...sqliteScannerStore(db), close: () => db.close() };
  }
  const prefix = sitePrefix(target, site);
  const etcd = openSiteEtcd({ endpoints: target.endpoints, tls: target.tls, prefix, site });
  // A record the store cannot read would be left behind silently: refuse instead.
  return etcdScannerStore(etcd, prefix, (key, reason) => {
    throw new Error(`a scanner record under the site's prefix cannot be read (${key}: ${reason}): nothing copied`);
  });
}

/** Every scanner node, open port and scan, port scan and wake record of the site. */
export function readScanner(target: StoreTarget, dataDir: string, site: string): ScannerRows {
  const s = openScanner(target, dataDir, site);
  try {
    return s.rows();
  } finally {
    s.close();
  }
}

export function putScanner(target: StoreTarget, dataDir: string, site: string, rows: ScannerRows): void {
  const s = openScanner(target, dataDir, site);
  try {
    s.restore(rows);
  } finally {
    s.close();
  }
}
