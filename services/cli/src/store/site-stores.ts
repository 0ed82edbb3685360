import { join } from 'node:path';
import { EtcdLeaseStore, LEASE_DB_MIGRATIONS, type Lease, type LeaseStore, SqliteLeaseStore } from '@paddock/dhcp';
import { type StoreTarget, sitePrefix } from '@paddock/etcd';
import { EtcdStore, INVENTORY_DB_MIGRATIONS, type Node, type NodeStore, SqliteStore } from '@paddock/inventory';
import { openDatabase } from '@paddock/runtime';

/** A site's records a store holds on etcd or in a data dir's SQLite: the DHCP leases and the inventory. */
export interface SiteStores {
  leases(): Lease[];
  nodes(): Node[];
  /** Writes the rows; resolves once the store holds them (etcd: every claim confirmed). */
  putLeases(rows: Lease[]): Promise<void>;
  putNodes(nodes: Node[]): void;
  close(): Promise<void>;
}

/** Opens the leases and nodes `target` holds for `site` (SQLite: the data dir's databases). */
export async function openSiteStores(target: StoreTarget, dataDir: string, site: string): Promise<SiteStores> {
  const damaged: string[] = [];
  const onDamaged = (key: string, reason: string) => damaged.push(`${key}: ${reason}`);
  let leases: LeaseStore & { close(): Promise<void> };
  let nodes: NodeStore & { close?(): void };
  if (target.kind === 'sqlite') {
    const leaseDb = openDatabase(join(dataDir, 'dhcp.db'), { migrations: LEASE_DB_MIGRATIONS });
    const nodeDb = openDatabase(join(dataDir, 'inventory.db'), { migrations: INVENTORY_DB_MIGRATIONS });
    leases = Object.assign(new SqliteLeaseStore(leaseDb), { close: async () => void leaseDb.close() });
    nodes = Object.assign(new SqliteStore(nodeDb), { close: () => nodeDb.close() });
  } else {
    const common = { endpoints: target.endpoints, tls: target.tls, prefix: sitePrefix(target, site), site, onDamaged };
    leases = await EtcdLeaseStore.open(common);
    try {
      nodes = EtcdStore.open(common);
    } catch (err) {
      await leases.close();
      throw err;
    }
  }
  // A record a store cannot read would be left behind silently: refuse to go on instead.
  const checkDamaged = () => {
    if (damaged.length > 0)
      throw new Error(
        `${damaged.length} records under the site's prefix cannot be read (${damaged[0]}): nothing copied`,
      );
  };
  return {
    leases() {
      checkDamaged();
      return leases.load();
    },
    nodes() {
      checkDamaged();
      return nodes.list().nodes;
    },
    async putLeases(rows) {
      for (let at = 0; at < rows.length; at += 500) {
        const outcome = await leases.commit(rows.slice(at, at + 500));
        if (outcome && outcome.lost.length > 0)
          throw new Error(`${outcome.lost.length} addresses are held in the destination already`);
      }
    },
    putNodes(list) {
      for (let at = 0; at < list.length; at += 200) {
        const r = nodes.commit({
          writes: list.slice(at, at + 200).map((node) => ({ kind: 'put', node, create: true })),
        });
        if (!r.ok) throw new Error(`the destination refused a node: ${JSON.stringify(r.conflict)}`);
      }
    },
    async close() {
      nodes.close?.();
      await leases.close();
    },
  };
}
