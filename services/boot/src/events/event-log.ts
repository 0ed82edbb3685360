import type { Db } from '@paddock/runtime';
import { resourceExhausted } from './errors.ts';
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
}

export type NewEvent = Partial<Omit<BootEventRecord, 'revision' | 'time'>> & { kind: EventKind };

export type WatchItem = { event: BootEventRecord } | { caughtUp: number };

interface Row extends Omit<BootEventRecord, 'durationMs'> {
  duration_ms: number;
}

/** A watcher this far behind the live events is cut off; it reconnects from its last revision. */
const MAX_PENDING = 10_000;

/**
 * The boot event history (SQLite, newest `keep` kept) and its live fan-out. Watchers subscribe
 * before they read the history and skip what they already sent, so no event falls between the
 * two and none comes twice.
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
    const row = { mac: '', ip: '', file: '', bytes: 0, durationMs: 0, detail: '', rule: '', ...clipEvent(e) };
    row.bytes = Math.max(0, Math.round(row.bytes));
    row.durationMs = Math.max(0, Math.round(row.durationMs));
    const { lastInsertRowid } = this.#db
      .prepare(
        `INSERT INTO events (time, mac, ip, kind, file, bytes, duration_ms, detail, rule)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(time, row.mac, row.ip, row.kind, row.file, row.bytes, row.durationMs, row.detail, row.rule);
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

  /** History after `from`, a caught-up marker, then live events until `signal` aborts. */
  async *watch(from: number, mac: string, signal: AbortSignal): AsyncGenerator<WatchItem> {
    const pending: BootEventRecord[] = [];
    let wake: (() => void) | undefined;
    const listener = (e: BootEventRecord) => {
      if (mac && e.mac !== mac) return;
      pending.push(e);
      wake?.();
    };
    const onAbort = () => wake?.();
    this.#listeners.add(listener);
    signal.addEventListener('abort', onAbort);
    try {
      let last = from;
      for (const event of this.since(from, mac)) {
        last = event.revision;
        yield { event };
      }
      yield { caughtUp: last };
      while (!signal.aborted) {
        if (pending.length > MAX_PENDING)
          throw resourceExhausted('event watcher fell too far behind; reconnect from the last revision');
        const next = pending.shift();
        if (next) {
          if (next.revision <= last) continue;
          last = next.revision;
          yield { event: next };
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      this.#listeners.delete(listener);
      signal.removeEventListener('abort', onAbort);
    }
  }

  #prune(): void {
    this.#sincePrune = 0;
    this.#db.prepare('DELETE FROM events WHERE revision <= (SELECT MAX(revision) FROM events) - ?').run(this.#keep);
    // The size budget: the newest rows whose text (plus a fixed cost per row) fits are kept.
    this.#db
      .prepare(
        `DELETE FROM events WHERE revision <= (
           SELECT MAX(revision) FROM (
             SELECT revision, SUM(length(mac) + length(ip) + length(file) + length(detail) + length(rule) + ?)
               OVER (ORDER BY revision DESC) AS total
             FROM events)
           WHERE total > ?)`,
      )
      .run(ROW_OVERHEAD, this.#maxBytes);
  }
}
