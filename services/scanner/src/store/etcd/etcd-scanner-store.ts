/**
 * The scanner's state on the site's etcd prefix, shared by every server of the site:
 *   scanner/nodes/<mac>                            {"mac":…,"ips":[…],"online":…,…} (a NodeState)
 *   scanner/ports/<ip>/<protocol>/<port, 5 digits> {"service":…,"seenMs":…}
 *   scanner/records/<kind>/<id>                    {"startedMs":…,"record":{…}}
 * Ports are keyed so that a scanned range is one etcd range to delete. A value that is not what
 * its key says is skipped and reported, never taken for a node.
 */
import { prefixEnd, type SyncEtcd } from '@paddock/etcd';
import type { NodeState } from '../../nodes/scan-diff.ts';
import type { NodeStore, ScannedRanges, ScannerRows, ScannerStore, StoredPort } from '../scanner-store.ts';
import { EtcdRecords } from './etcd-records.ts';

/** etcd takes at most 128 operations in one transaction. */
const CHUNK = 100;
const pad = (port: number) => String(port).padStart(5, '0');
type Damaged = (key: string, reason: string) => void;
type Kv = { key: string; value: string };

export function etcdScannerStore(etcd: SyncEtcd, prefix: string, onDamaged: Damaged = () => {}): ScannerStore {
  const p = `${prefix}scanner/`;
  const nodes = new EtcdNodes(etcd, p, onDamaged);
  return {
    nodes,
    records: (kind, keep) => new EtcdRecords(etcd, `${p}records/${kind}/`, keep, onDamaged),
    rows: () => ({
      nodes: [...nodes.all().values()].sort((a, b) => (a.mac < b.mac ? -1 : 1)),
      ports: nodes.ports(),
      records: EtcdRecords.all(etcd, `${p}records/`, onDamaged),
    }),
    restore(rows: ScannerRows) {
      nodes.save(rows.nodes);
      nodes.putPorts(rows.ports);
      for (const r of rows.records) new EtcdRecords(etcd, `${p}records/${r.kind}/`).put(r.id, r.startedMs, r.record);
    },
    close: () => etcd.close(),
  };
}

class EtcdNodes implements NodeStore {
  readonly #etcd: SyncEtcd;
  readonly #p: string;
  readonly #onDamaged: Damaged;

  constructor(etcd: SyncEtcd, p: string, onDamaged: Damaged) {
    this.#etcd = etcd;
    this.#p = p;
    this.#onDamaged = onDamaged;
  }

  all(): Map<string, NodeState> {
    const kvs = this.#range(`${this.#p}nodes/`);
    return new Map(kvs.flatMap((kv) => this.#node(kv)).map((n) => [n.mac, n]));
  }

  get(mac: string): NodeState | undefined {
    const kv = this.#etcd.read([{ key: `${this.#p}nodes/${mac}` }])[0]![0];
    return kv && this.#node(kv)[0];
  }

  save(nodes: readonly NodeState[]): void {
    this.#write(
      nodes.map((n) => ({ key: `${this.#p}nodes/${n.mac}`, value: JSON.stringify(n) })),
      [],
    );
  }

  remove(macs: readonly string[]): void {
    this.#write(
      [],
      macs.map((mac) => ({ key: `${this.#p}nodes/${mac}` })),
    );
  }

  setOpenPorts(scanned: readonly ScannedRanges[], open: readonly StoredPort[], now: number): void {
    const dir = (s: ScannedRanges) => `${this.#p}ports/${s.ip}/${s.protocol}/`;
    const cleared = scanned.flatMap((s) =>
      s.ranges.map(([lo, hi]) => ({ key: `${dir(s)}${pad(lo)}`, end: `${dir(s)}${pad(hi + 1)}` })),
    );
    // etcd refuses a transaction that deletes a range and puts a key inside it: the scanned
    // ranges are cleared first and what was found written after, so a reader may briefly see
    // fewer ports, never stale ones.
    this.#write([], cleared);
    this.putPorts(open.map((x) => ({ ...x, seenMs: now })));
  }

  openPorts(ips: readonly string[]): StoredPort[] {
    if (ips.length === 0) return [];
    const dirs = ips.map((ip) => `${this.#p}ports/${ip}/`);
    return this.#etcd
      .read(dirs.map((key) => ({ key, end: prefixEnd(key) })))
      .flat()
      .flatMap((kv) => this.#port(kv))
      .map(({ seenMs: _, ...port }) => port)
      .sort((a, b) => a.protocol - b.protocol || a.port - b.port);
  }

  ports(): ScannerRows['ports'] {
    return this.#range(`${this.#p}ports/`).flatMap((kv) => this.#port(kv));
  }

  putPorts(rows: ScannerRows['ports']): void {
    this.#write(
      rows.map((r) => ({
        key: `${this.#p}ports/${r.ip}/${r.protocol}/${pad(r.port)}`,
        value: JSON.stringify({ service: r.service, seenMs: r.seenMs }),
      })),
      [],
    );
  }

  #range(dir: string): Kv[] {
    return this.#etcd.read([{ key: dir, end: prefixEnd(dir) }])[0]!;
  }

  #write(puts: Kv[], deletes: Array<{ key: string; end?: string }>): void {
    for (let at = 0; at < deletes.length; at += CHUNK)
      this.#etcd.txn({ compares: [], puts: [], deletes: deletes.slice(at, at + CHUNK) });
    for (let at = 0; at < puts.length; at += CHUNK)
      this.#etcd.txn({ compares: [], puts: puts.slice(at, at + CHUNK), deletes: [] });
  }

  #node(kv: Kv): NodeState[] {
    try {
      const n = JSON.parse(kv.value) as NodeState;
      if (`${this.#p}nodes/${n.mac}` !== kv.key || !Array.isArray(n.ips) || typeof n.lastSeenMs !== 'number')
        throw new Error('not a node');
      // Field by field, in one order: a copy's digest must not depend on who wrote the value.
      const { mac, ips, online, conflict, firstSeenMs, lastSeenMs } = n;
      return [{ mac, ips, online, conflict, firstSeenMs, lastSeenMs }];
    } catch {
      this.#onDamaged(kv.key, 'not a scanner node');
      return [];
    }
  }

  #port(kv: Kv): ScannerRows['ports'] {
    const m = /\/ports\/([^/]+)\/(\d+)\/(\d{5})$/.exec(kv.key);
    try {
      const v = JSON.parse(kv.value) as { service: unknown; seenMs: unknown };
      if (!m || typeof v.service !== 'string' || typeof v.seenMs !== 'number') throw new Error('not a port');
      return [{ ip: m[1]!, port: Number(m[3]), protocol: Number(m[2]), service: v.service, seenMs: v.seenMs }];
    } catch {
      this.#onDamaged(kv.key, 'not an open port');
      return [];
    }
  }
}
