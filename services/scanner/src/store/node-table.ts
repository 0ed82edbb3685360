/** Nodes (machines by MAC) and the open ports last found on each address, in the scanner's SQLite. */
import type { Db } from '@paddock/runtime';
import type { NodeState } from '../nodes/scan-diff.ts';
import type { NodeStore, ScannedRanges, ScannerRows, StoredPort } from './scanner-store.ts';

export type { StoredPort } from './scanner-store.ts';

interface NodeRow {
  mac: string;
  ips: string;
  online: number;
  conflict: number;
  first_seen_ms: number;
  last_seen_ms: number;
}

const toState = (r: NodeRow): NodeState => ({
  mac: r.mac,
  ips: JSON.parse(r.ips) as string[],
  online: r.online === 1,
  conflict: r.conflict === 1,
  firstSeenMs: r.first_seen_ms,
  lastSeenMs: r.last_seen_ms,
});

export class NodeTable implements NodeStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  all(): Map<string, NodeState> {
    const rows = this.#db.prepare('SELECT * FROM nodes').all() as NodeRow[];
    return new Map(rows.map((r) => [r.mac, toState(r)]));
  }

  get(mac: string): NodeState | undefined {
    const row = this.#db.prepare('SELECT * FROM nodes WHERE mac = ?').get(mac) as NodeRow | undefined;
    return row && toState(row);
  }

  save(nodes: readonly NodeState[]): void {
    const put = this.#db.prepare(
      `INSERT INTO nodes (mac, ips, online, conflict, first_seen_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (mac) DO UPDATE SET ips = excluded.ips, online = excluded.online, conflict = excluded.conflict,
         first_seen_ms = excluded.first_seen_ms, last_seen_ms = excluded.last_seen_ms`,
    );
    this.#db.transaction(() => {
      for (const n of nodes) {
        put.run(n.mac, JSON.stringify(n.ips), n.online ? 1 : 0, n.conflict ? 1 : 0, n.firstSeenMs, n.lastSeenMs);
      }
    })();
  }

  remove(macs: readonly string[]): void {
    const del = this.#db.prepare('DELETE FROM nodes WHERE mac = ?');
    this.#db.transaction(() => {
      for (const mac of macs) del.run(mac);
    })();
  }

  setOpenPorts(scanned: readonly ScannedRanges[], open: readonly StoredPort[], now: number): void {
    const clear = this.#db.prepare('DELETE FROM open_ports WHERE ip = ? AND protocol = ? AND port BETWEEN ? AND ?');
    this.#db.transaction(() => {
      for (const s of scanned) for (const [lo, hi] of s.ranges) clear.run(s.ip, s.protocol, lo, hi);
      this.putPorts(open.map((p) => ({ ...p, seenMs: now })));
    })();
  }

  openPorts(ips: readonly string[]): StoredPort[] {
    if (ips.length === 0) return [];
    return this.#db
      .prepare(
        `SELECT ip, port, protocol, service FROM open_ports WHERE ip IN (${ips.map(() => '?').join(',')}) ORDER BY protocol, port`,
      )
      .all(...ips) as StoredPort[];
  }

  /** Every open port with when it was seen (a store copy's source). */
  ports(): ScannerRows['ports'] {
    return this.#db
      .prepare('SELECT ip, port, protocol, service, seen_ms AS seenMs FROM open_ports ORDER BY ip, protocol, port')
      .all() as ScannerRows['ports'];
  }

  putPorts(rows: ScannerRows['ports']): void {
    const put = this.#db.prepare(
      'INSERT OR REPLACE INTO open_ports (ip, port, protocol, service, seen_ms) VALUES (?, ?, ?, ?, ?)',
    );
    for (const p of rows) put.run(p.ip, p.port, p.protocol, p.service, p.seenMs);
  }
}
