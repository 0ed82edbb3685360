import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BOOT_MIGRATIONS,
  type BootRows,
  EtcdBootRows,
  type Script,
  SqliteBootRows,
  type StoredFile,
} from '@paddock/boot';
import {
  type ConfigStore,
  EtcdConfigStore,
  LEASE_DB_MIGRATIONS,
  SqliteConfigStore,
  type StoredDoc,
} from '@paddock/dhcp';
import { openSiteEtcd, type StoreTarget, type SyncEtcd, sitePrefix } from '@paddock/etcd';
import {
  type CertRow,
  EtcdKeyStore,
  KEYS_DB_MIGRATIONS,
  type KeyStore,
  SqliteKeyStore,
  shareAuthorities,
  type TokenRow,
} from '@paddock/keys';
import { openDatabase } from '@paddock/runtime';

/** A site's configuration-like records: DHCP config, boot rules, scripts and file records, keys rows. */
export interface Records {
  subnets: StoredDoc[];
  reservations: StoredDoc[];
  rules: string[];
  scripts: Script[];
  files: StoredFile[];
  tokens: TokenRow[];
  certs: CertRow[];
}

export interface SiteRecords {
  read(): Records;
  /** Writes the records; the destination's boot rules and scripts become exactly the source's. */
  put(r: Records): void;
  /** Shares the keys authorities between the data dir's keys dir and etcd (etcd side only). */
  authorities(dataDir: string): Promise<void>;
  close(): void;
}

/** Opens the records `target` holds for `site` (SQLite: dhcp.db, boot.db and keys.db in the data dir). */
export function openSiteRecords(target: StoreTarget, dataDir: string, site: string): SiteRecords {
  let dhcp: ConfigStore;
  let boot: BootRows;
  let keys: KeyStore;
  let etcd: SyncEtcd | undefined;
  const dbs: { close(): void }[] = [];
  const prefix = target.kind === 'etcd' ? sitePrefix(target, site) : '';
  if (target.kind === 'sqlite') {
    const db = (name: string, migrations: Parameters<typeof openDatabase>[1]['migrations']) => {
      const d = openDatabase(join(dataDir, `${name}.db`), { migrations });
      dbs.push(d);
      return d;
    };
    dhcp = new SqliteConfigStore(db('dhcp', LEASE_DB_MIGRATIONS));
    boot = new SqliteBootRows(db('boot', BOOT_MIGRATIONS));
    keys = new SqliteKeyStore(db('keys', KEYS_DB_MIGRATIONS));
  } else {
    etcd = openSiteEtcd({ endpoints: target.endpoints, tls: target.tls, prefix, site });
    const damaged = (key: string, reason: string) => {
      throw new Error(`a record under the site's prefix cannot be read (${key}: ${reason}): nothing copied`);
    };
    dhcp = new EtcdConfigStore(etcd, prefix, damaged);
    boot = new EtcdBootRows(etcd, prefix, damaged);
    keys = new EtcdKeyStore(etcd, prefix, damaged);
  }
  return {
    read: () => ({
      subnets: dhcp.load('subnet'),
      reservations: dhcp.load('reservation'),
      rules: boot.ruleBodies(),
      scripts: boot.scripts(),
      files: boot.files(),
      tokens: keys.listTokens(),
      certs: keys.listCerts(),
    }),
    put(r) {
      const docs = [
        ...r.subnets.map((d) => ({ kind: 'subnet' as const, ...d })),
        ...r.reservations.map((d) => ({ kind: 'reservation' as const, ...d })),
      ];
      for (let at = 0; at < docs.length; at += 100) dhcp.write(docs.slice(at, at + 100));
      const ruleName = (body: string) => (JSON.parse(body) as { name: string }).name;
      const keepRules = new Set(r.rules.map(ruleName));
      for (const body of boot.ruleBodies()) if (!keepRules.has(ruleName(body))) boot.deleteRule(ruleName(body));
      for (const body of r.rules) boot.putRule(ruleName(body), body);
      const keepScripts = new Set(r.scripts.map((s) => s.name));
      for (const s of boot.scripts()) if (!keepScripts.has(s.name)) boot.deleteScript(s.name);
      for (const s of r.scripts) boot.putScript(s);
      for (const f of r.files) boot.putFile(f);
      // etcd takes at most 128 operations a transaction: a token is two keys.
      for (let at = 0; at < r.tokens.length; at += 50) keys.restore(r.tokens.slice(at, at + 50), []);
      for (let at = 0; at < r.certs.length; at += 100) keys.restore([], r.certs.slice(at, at + 100));
    },
    async authorities(dir) {
      if (!etcd) return;
      const here = existsSync(join(dir, 'keys', 'cluster-ca.crt'));
      const there = etcd.read([{ key: `${prefix}keys/authority/cluster-ca.crt` }])[0]!.length > 0;
      // The keys dir's files as they lie (private keys sealed): no passphrase is needed to move them.
      if (here || there) await shareAuthorities(etcd, prefix, join(dir, 'keys'), '');
    },
    close() {
      etcd?.close();
      for (const d of dbs) d.close();
    },
  };
}
