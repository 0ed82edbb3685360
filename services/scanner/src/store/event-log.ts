/**
 * One stream of watched changes (nodes, port scans, wakes) in the `events` table. Revisions come
 * from one AUTOINCREMENT column, so they only grow, across streams and restarts; a stream keeps
 * its last `retain` events, and a client asking to resume from before those gets a snapshot.
 */
import type { Db, WatchSource } from '@paddock/runtime';

export interface Logged<T> {
  revision: number;
  payload: T;
}

export class EventLog<T> {
  readonly stream: string;
  readonly #db: Db;
  readonly #retain: number;
  readonly #listeners = new Set<(e: Logged<T>) => void>();
  #appended = 0;

  constructor(db: Db, stream: string, retain = 10_000) {
    this.#db = db;
    this.stream = stream;
    this.#retain = retain;
  }

  /** The newest revision of any stream (0 when none): what a snapshot is current at. */
  head(): number {
    const row = this.#db.prepare('SELECT MAX(revision) AS r FROM events').get() as { r: number | null };
    return row.r ?? 0;
  }

  append(payload: T): Logged<T> {
    const info = this.#db
      .prepare('INSERT INTO events (stream, payload) VALUES (?, ?)')
      .run(this.stream, JSON.stringify(payload));
    const logged = { revision: Number(info.lastInsertRowid), payload };
    if (++this.#appended % 500 === 0) this.#prune();
    for (const listener of [...this.#listeners]) listener(logged);
    return logged;
  }

  /** Events after `revision`, or undefined when that is not a point this log can resume from. */
  since(revision: number): Logged<T>[] | undefined {
    if (revision > this.head()) return undefined;
    const pruned = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(`pruned:${this.stream}`) as
      | { value: string }
      | undefined;
    if (pruned && revision < Number(pruned.value)) return undefined;
    const rows = this.#db
      .prepare('SELECT revision, payload FROM events WHERE stream = ? AND revision > ? ORDER BY revision')
      .all(this.stream, revision) as Array<{ revision: number; payload: string }>;
    return rows.map((r) => ({ revision: r.revision, payload: JSON.parse(r.payload) as T }));
  }

  /**
   * This stream as a WatchSource for the runtime's watch(): the state `snapshot` returns, and
   * the logged events (decoded) as changes, resumable across restarts while they are kept.
   */
  source<S, C>(snapshot: () => S[], decode: (payload: T) => C): WatchSource<S, C> {
    const change = (e: Logged<T>) => ({ revision: BigInt(e.revision), change: decode(e.payload) });
    return {
      subscribe: (listener) => this.subscribe((e) => listener(change(e))),
      head: () => BigInt(this.head()),
      snapshot: () => ({ revision: BigInt(this.head()), items: snapshot() }),
      since: (revision) => this.since(Number(revision))?.map(change),
    };
  }

  subscribe(listener: (e: Logged<T>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #prune(): void {
    const cut = this.#db
      .prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1 OFFSET ?')
      .get(this.stream, this.#retain) as { revision: number } | undefined;
    if (!cut) return;
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM events WHERE stream = ? AND revision <= ?').run(this.stream, cut.revision);
      this.#db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(`pruned:${this.stream}`, String(cut.revision));
    })();
  }
}
