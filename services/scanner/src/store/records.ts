/** Scans, port scans and wakes as JSON records of their API form, newest first. */
import type { Db } from '@paddock/runtime';
import type { RecordStore } from './scanner-store.ts';

export class RecordTable<T> implements RecordStore<T> {
  readonly #db: Db;
  readonly #kind: string;
  readonly #keep: number;

  constructor(db: Db, kind: string, keep = 1000) {
    this.#db = db;
    this.#kind = kind;
    this.#keep = keep;
  }

  put(id: string, startedMs: number, record: T): void {
    this.#db
      .prepare(
        'INSERT INTO records (kind, id, started_ms, record) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET record = excluded.record',
      )
      .run(this.#kind, id, startedMs, JSON.stringify(record));
  }

  get(id: string): T | undefined {
    const row = this.#db.prepare('SELECT record FROM records WHERE kind = ? AND id = ?').get(this.#kind, id) as
      | { record: string }
      | undefined;
    return row && (JSON.parse(row.record) as T);
  }

  list(limit: number): T[] {
    const rows = this.#db
      .prepare('SELECT record FROM records WHERE kind = ? ORDER BY started_ms DESC, rowid DESC LIMIT ?')
      .all(this.#kind, limit) as Array<{ record: string }>;
    return rows.map((r) => JSON.parse(r.record) as T);
  }

  /** Drops all but the newest `keep` records. */
  prune(): void {
    this.#db
      .prepare(
        'DELETE FROM records WHERE kind = ? AND id NOT IN (SELECT id FROM records WHERE kind = ? ORDER BY started_ms DESC LIMIT ?)',
      )
      .run(this.#kind, this.#kind, this.#keep);
  }
}
