import { createHash } from 'node:crypto';
import type { Lease } from '@paddock/dhcp';
import { describeTarget, type StoreTarget } from '@paddock/etcd';
import type { Node } from '@paddock/inventory';
import { runningServers } from '@paddock/runtime';
import { openSiteStores } from './site-stores.ts';

/** What one kind of record came to: how many, and a digest of them all in a fixed order. */
export interface Tally {
  count: number;
  sha256: string;
}

export interface CopyReport {
  leases: Tally;
  nodes: Tally;
}

/**
 * Leases in address order, each with every field; nodes in id order without `revision`, which
 * each store numbers itself. Two stores holding the same site give the same digests.
 */
export function tally(s: { leases: Lease[]; nodes: Node[] }): CopyReport {
  const digest = (rows: unknown[]) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  const leases = [...s.leases].sort((a, b) => a.address - b.address);
  const nodes = [...s.nodes].sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ revision: _, ...n }) => n);
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x)));
  return {
    leases: { count: leases.length, sha256: digest(leases) },
    nodes: { count: nodes.length, sha256: digest(nodes.map(plain)) },
  };
}

const name = (t: StoreTarget) => (t.kind === 'sqlite' ? 'sqlite' : describeTarget(t));

/**
 * `paddock store copy`: moves a site's DHCP leases and inventory from one store to another
 * (SQLite in the data dir, or etcd) while no server uses them, into a destination that holds
 * none yet, then reads the destination afresh and compares counts and digests with the source.
 */
export async function copySite(o: {
  dataDir: string;
  site: string;
  from: StoreTarget;
  to: StoreTarget;
}): Promise<CopyReport> {
  if (name(o.from) === name(o.to)) throw new Error('--from and --to name the same store');
  const running = runningServers(o.dataDir);
  if (running.length > 0)
    throw new Error(
      `${running.map((r) => `${r.name} (pid ${r.pid})`).join(', ')} runs on ${o.dataDir}: stop it first, so the copy is of one moment`,
    );
  const source = await openSiteStores(o.from, o.dataDir, o.site);
  try {
    // Read once: a store's load() hands over what it read at open.
    const rows = { leases: source.leases(), nodes: source.nodes() };
    const want = tally(rows);
    const dest = await openSiteStores(o.to, o.dataDir, o.site);
    try {
      const there = tally({ leases: dest.leases(), nodes: dest.nodes() });
      if (there.leases.count + there.nodes.count > 0)
        throw new Error(
          `${name(o.to)} holds ${there.leases.count} leases and ${there.nodes.count} nodes of site ${o.site} already: copy only into an empty store`,
        );
      await dest.putLeases(rows.leases);
      dest.putNodes(rows.nodes);
    } finally {
      await dest.close();
    }
    // Read back through a new connection: what a server started on the destination would see.
    const check = await openSiteStores(o.to, o.dataDir, o.site);
    try {
      const got = tally({ leases: check.leases(), nodes: check.nodes() });
      for (const kind of ['leases', 'nodes'] as const)
        if (got[kind].count !== want[kind].count || got[kind].sha256 !== want[kind].sha256)
          throw new Error(
            `the destination's ${kind} differ after the copy: ${got[kind].count} (sha256 ${got[kind].sha256.slice(0, 12)}) against ${want[kind].count} (${want[kind].sha256.slice(0, 12)})`,
          );
      return got;
    } finally {
      await check.close();
    }
  } finally {
    await source.close();
  }
}
