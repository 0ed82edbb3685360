import { createHash } from 'node:crypto';
import { type DeploymentRecord, encodeRecord } from '@paddock/deploy-service';
import type { Lease } from '@paddock/dhcp';
import { describeTarget, type StoreTarget } from '@paddock/etcd';
import type { Node } from '@paddock/inventory';
import { runningServers } from '@paddock/runtime';
import type { ScannerRows } from '@paddock/scanner';
import { putDeployments, readDeployments } from './site-deployments.ts';
import { openSiteRecords, type Records } from './site-records.ts';
import { putScanner, readScanner } from './site-scanner.ts';
import { openSiteStores } from './site-stores.ts';

/** What one kind of record came to: how many, and a digest of them all in a fixed order. */
export interface Tally {
  count: number;
  sha256: string;
}

export interface CopyReport {
  leases: Tally;
  nodes: Tally;
  subnets: Tally;
  reservations: Tally;
  bootRules: Tally;
  bootScripts: Tally;
  bootFiles: Tally;
  keysTokens: Tally;
  keysCerts: Tally;
  deployments: Tally;
  scannerNodes: Tally;
  scannerPorts: Tally;
  scannerRecords: Tally;
}

const digest = (rows: unknown[]) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');
const count = (rows: unknown[]): Tally => ({ count: rows.length, sha256: digest(rows) });
const by =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * Leases in address order, each with every field; nodes in id order without `revision`, which
 * each store numbers itself; every other record in its key's order, with every field. Two
 * stores holding the same site give the same digests.
 */
export function tally(
  s: { leases: Lease[]; nodes: Node[]; deployments: DeploymentRecord[]; scanner: ScannerRows } & Records,
): CopyReport {
  const leases = [...s.leases].sort((a, b) => a.address - b.address);
  const nodes = [...s.nodes].sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ revision: _, ...n }) => n);
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x)));
  const ruleName = (body: string) => (JSON.parse(body) as { name: string }).name;
  return {
    leases: { count: leases.length, sha256: digest(leases) },
    nodes: { count: nodes.length, sha256: digest(nodes.map(plain)) },
    subnets: count([...s.subnets].sort(by((d) => d.id))),
    reservations: count([...s.reservations].sort(by((d) => d.id))),
    bootRules: count([...s.rules].sort(by(ruleName))),
    bootScripts: count([...s.scripts].sort(by((x) => x.name))),
    bootFiles: count([...s.files].sort(by((f) => f.name))),
    keysTokens: count([...s.tokens].sort(by((t) => t.id))),
    keysCerts: count([...s.certs].sort(by((c) => c.serial))),
    deployments: count([...s.deployments].sort(by((d) => d.view.id)).map((d) => JSON.parse(encodeRecord(d)))),
    scannerNodes: count([...s.scanner.nodes].sort(by((n) => n.mac))),
    scannerPorts: count(
      [...s.scanner.ports].sort(by((p) => `${p.ip}/${p.protocol}/${String(p.port).padStart(5, '0')}`)),
    ),
    scannerRecords: count([...s.scanner.records].sort(by((r) => `${r.kind}/${r.id}`))),
  };
}

/** Records a destination must not hold yet (boot rules and scripts are seeded with defaults, and replaced). */
const held = (t: CopyReport) =>
  t.leases.count +
  t.nodes.count +
  t.subnets.count +
  t.reservations.count +
  t.bootFiles.count +
  t.keysTokens.count +
  t.keysCerts.count +
  t.deployments.count +
  t.scannerNodes.count +
  t.scannerPorts.count +
  t.scannerRecords.count;

const name = (t: StoreTarget) => (t.kind === 'sqlite' ? 'sqlite' : describeTarget(t));

/** Everything a store holds of the site, read through the stores the servers use. */
async function readSite(target: StoreTarget, dataDir: string, site: string) {
  const stores = await openSiteStores(target, dataDir, site);
  try {
    const records = openSiteRecords(target, dataDir, site);
    try {
      const deployments = await readDeployments(target, dataDir, site);
      const scanner = readScanner(target, dataDir, site);
      return { leases: stores.leases(), nodes: stores.nodes(), ...records.read(), deployments, scanner };
    } finally {
      records.close();
    }
  } finally {
    await stores.close();
  }
}

/**
 * `paddock store copy`: moves a site's records from one store to another (SQLite in the data
 * dir, or etcd) while no server uses them, into a destination that holds none yet: DHCP leases,
 * subnets and reservations, the inventory, boot rules, scripts and file records (the files'
 * bytes stay in the data dir), keys tokens and certificate records, the deploy service's
 * deployments, the scanner's nodes, open ports and records, and on etcd the keys authorities as sealed files. Then it reads the destination
 * afresh and compares counts and digests of every kind with the source.
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
  const rows = await readSite(o.from, o.dataDir, o.site);
  const want = tally(rows);
  const there = tally(await readSite(o.to, o.dataDir, o.site));
  if (held(there) > 0) {
    const others = held(there) - there.leases.count - there.nodes.count;
    throw new Error(
      `${name(o.to)} holds ${there.leases.count} leases and ${there.nodes.count} nodes of site ${o.site} already: copy only into an empty store${others > 0 ? ` (and ${others} DHCP config, boot file, keys, deployment and scanner records)` : ''}`,
    );
  }
  const dest = await openSiteStores(o.to, o.dataDir, o.site);
  const records = openSiteRecords(o.to, o.dataDir, o.site);
  const etcdSide = o.to.kind === 'etcd' ? records : openSiteRecords(o.from, o.dataDir, o.site);
  try {
    // First, as it can refuse (a keys dir of another site): the authorities the certificates name.
    await etcdSide.authorities(o.dataDir);
    await dest.putLeases(rows.leases);
    dest.putNodes(rows.nodes);
    records.put(rows);
    await putDeployments(o.to, o.dataDir, o.site, rows.deployments);
    putScanner(o.to, o.dataDir, o.site, rows.scanner);
  } finally {
    if (etcdSide !== records) etcdSide.close();
    records.close();
    await dest.close();
  }
  // Read back through new connections: what a server started on the destination would see.
  const got = tally(await readSite(o.to, o.dataDir, o.site));
  for (const kind of Object.keys(want) as (keyof CopyReport)[])
    if (got[kind].count !== want[kind].count || got[kind].sha256 !== want[kind].sha256)
      throw new Error(
        `the destination's ${kind} differ after the copy: ${got[kind].count} (sha256 ${got[kind].sha256.slice(0, 12)}) against ${want[kind].count} (${want[kind].sha256.slice(0, 12)})`,
      );
  return got;
}
