/**
 * Where the scanner keeps what it found: nodes, the open ports of their addresses, and the
 * records of scans, port scans and wakes. The data dir's SQLite (one server), or the site's
 * etcd prefix (several servers: the one holding the scanner-schedule role scans, every one
 * answers from the same state). Watch streams (event logs) and the schedule stay in each
 * server's SQLite: a stream's revisions are its own server's.
 */
import type { NodeState } from '../nodes/scan-diff.ts';

export interface StoredPort {
  ip: string;
  port: number;
  /** The proto Protocol value (1 TCP, 2 UDP). */
  protocol: number;
  service: string;
}

/** What one port scan covered: on `ip`, these port ranges of one protocol. */
export interface ScannedRanges {
  ip: string;
  protocol: number;
  ranges: ReadonlyArray<readonly [number, number]>;
}

export interface NodeStore {
  all(): Map<string, NodeState>;
  get(mac: string): NodeState | undefined;
  save(nodes: readonly NodeState[]): void;
  remove(macs: readonly string[]): void;
  /** Replaces what is known of the scanned ports of each (address, protocol) with what was found open. */
  setOpenPorts(scanned: readonly ScannedRanges[], open: readonly StoredPort[], now: number): void;
  /** The open ports of these addresses, by protocol then port. */
  openPorts(ips: readonly string[]): StoredPort[];
}

/** Records of one kind (scan, port-scan, wake) as JSON of their API form, newest first. */
export interface RecordStore<T> {
  put(id: string, startedMs: number, record: T): void;
  get(id: string): T | undefined;
  list(limit: number): T[];
  /** Drops all but the newest records (as many as the store was opened to keep). */
  prune(): void;
}

/** Every row of the scanner's state, for `paddock store copy`. */
export interface ScannerRows {
  nodes: NodeState[];
  ports: Array<StoredPort & { seenMs: number }>;
  records: Array<{ kind: string; id: string; startedMs: number; record: unknown }>;
}

export interface ScannerStore {
  nodes: NodeStore;
  records<T>(kind: string, keep?: number): RecordStore<T>;
  rows(): ScannerRows;
  /** Writes the rows as given (a store copy's destination, empty). */
  restore(rows: ScannerRows): void;
  close(): void;
}
