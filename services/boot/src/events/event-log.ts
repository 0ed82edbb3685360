import type { Db, WatchSource } from '@paddock/runtime';
import { clipEvent, DEFAULT_MAX_BYTES, ROW_OVERHEAD } from './event-limits.ts';

export const EVENT_KINDS = [
  'proxy-offer',
  'proxy-ack',
  'dhcp-answer',
  'tftp-request',
  'tftp-complete',
  'tftp-error',
  'http-fetch',
  'http-error',
  'script-rendered',
  'phone-home',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One step of one machine's boot. */
export interface BootEventRecord {
  revision: number;
  time: number;
  mac: string;
  ip: string;
  kind: EventKind;
  file: string;
  bytes: number;
  durationMs: number;
  detail: string;
  rule: string;
  /** A phone-home's request body (hardware facts); '' otherwise. */
  report: string;
}

export type NewEvent = Partial<Omit<BootEventRecord, 'revision' | 'time'>> & { kind: EventKind };

interface Row extends Omit<BootEventRecord, 'durationMs'> {
  duration_ms: number;
}

/**
 * The boot event history (SQLite, newest `keep` kept) and its live fan-out, watched through the
 * runtime's watch() (see `source`).
 */
export class EventLog {
  readonly #db: Db;
  readonly #keep: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  readonly #listeners = new Set<(e: BootEventRecord) => void>();
  #sincePrune = 0;

  constructor(db: Db, opts: { keep?: number; maxBytes?: number; now?: () => number } = {}) {
    this.#db = db;
    this.#keep = opts.keep ?? 100_000;
    this.#maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#now = opts.now ?? Date.now;
  }

  record(e: NewEvent): BootEventRecord {
    const time = this.#now();
    const row = {
      mac: '',
      ip: '',
      file: '',
      bytes: 0,
      durationMs: 0,
      detail: '',
      rule: '',
      report: '',
      ...clipEvent(e),
    };
    row.bytes = Math.max(0, Math.round(row.bytes));
    row.durationMs = Math.max(0, Math.round(row.durationMs));
    const { lastInsertRowid } = this.#db
      .prepare(
        `INSERT INTO events (time, mac, ip, kind, file, bytes, duration_ms, detail, rule, report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(time, row.mac, row.ip, row.kind, row.file, row.bytes, row.durationMs, row.detail, row.rule, row.report);
    const event: BootEventRecord = { ...row, revision: Number(lastInsertRowid), time };
    if (++this.#sincePrune >= 1000) this.#prune();
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  /** Kept events after `from`, oldest first, optionally for one MAC. */
  since(from: number, mac = '', limit = -1): BootEventRecord[] {
    const rows = (
      mac
        ? this.#db
            .prepare('SELECT * FROM events WHERE mac = ? AND revision > ? ORDER BY revision LIMIT ?')
            .all(mac, from, limit)
        : this.#db.prepare('SELECT * FROM events WHERE revision > ? ORDER BY revision LIMIT ?').all(from, limit)
    ) as Row[];
    return rows.map(({ duration_ms, ...r }) => ({ ...r, durationMs: duration_ms }));
  }

  /** The last revision ever given (0 when none), kept by SQLite even when pruned away. */
  head(): number {
    const row = this.#db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get() as
      | { seq: number }
      | undefined;
    return row?.seq ?? 0;
  }

  /**
   * WatchEvents' source for the runtime's watch(), for one MAC or all: the kept events are
   * the snapshot, and the events after a revision replay while none after it has been pruned.
   */
  source(mac = ''): WatchSource<BootEventRecord, BootEventRecord> {
    const change = (e: BootEventRecord) => ({ revision: BigInt(e.revision), change: e });
    return {
      subscribe: (listener) => {
        const l = (e: BootEventRecord) => {
          if (!mac || e.mac === mac) listener(change(e));
        };
        this.#listeners.add(l);
        return () => this.#listeners.delete(l);
      },
      head: () => BigInt(this.head()),
      snapshot: () => ({ revision: BigInt(this.head()), items: this.since(0, mac) }),
      since: (revision) => {
        const from = Number(revision);
        const oldest = this.#db.prepare('SELECT MIN(revision) AS r FROM events').get() as { r: number | null };
        const pruned = oldest.r === null ? from < this.head() : from < oldest.r - 1;
        return pruned ? undefined : this.since(from, mac).map(change);
      },
    };
  }

  #prune(): void {
    this.#sincePrune = 0;
    this.#db.prepare('DELETE FROM events WHERE revision <= (SELECT MAX(revision) FROM events) - ?').run(this.#keep);
    // The size budget: the newest rows whose text (plus a fixed cost per row) fits are kept.
    this.#db
      .prepare(
        `DELETE FROM events WHERE revision <= (
           SELECT MAX(revision) FROM (
             SELECT revision, SUM(length(mac) + length(ip) + length(file) + length(detail) + length(rule) + length(report) + ?)
               OVER (ORDER BY revision DESC) AS total
             FROM events)
           WHERE total > ?)`,
      )
      .run(ROW_OVERHEAD, this.#maxBytes);
  }
}
