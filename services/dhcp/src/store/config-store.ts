import type { Db } from '@paddock/runtime';

/** Subnets and reservations are kept as JSON documents, checked again when loaded. */
export type ConfigKind = 'subnet' | 'reservation';

export interface StoredDoc {
  id: string;
  doc: unknown;
  /** Hash of the definition in the config file that last wrote it; null when set by the API. */
  fileHash: string | null;
}

/** One write: `doc` undefined deletes. */
export interface ConfigChange {
  kind: ConfigKind;
  id: string;
  doc?: unknown;
  fileHash?: string | null;
}

export interface ConfigStore {
  load(kind: ConfigKind): StoredDoc[];
  /** Applies every change or none. */
  write(changes: readonly ConfigChange[]): void;
  /**
   * Moves whenever another server sharing the store changes a document (etcd): the live config
   * loads again when it moved. Absent where one server owns the store.
   */
  mark?(): string;
  /** Calls `onChange` when the mark may have moved (an etcd watch on it), and once at the start. */
  watch?(onChange: () => void): void;
}

export class MemoryConfigStore implements ConfigStore {
  readonly #docs = { subnet: new Map<string, StoredDoc>(), reservation: new Map<string, StoredDoc>() };

  load(kind: ConfigKind): StoredDoc[] {
    return [...this.#docs[kind].values()].map((d) => structuredClone(d)).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  write(changes: readonly ConfigChange[]): void {
    for (const c of changes) {
      if (c.doc === undefined) this.#docs[c.kind].delete(c.id);
      else this.#docs[c.kind].set(c.id, { id: c.id, doc: structuredClone(c.doc), fileHash: c.fileHash ?? null });
    }
  }
}

export class SqliteConfigStore implements ConfigStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  load(kind: ConfigKind): StoredDoc[] {
    const rows = this.#db.prepare(`SELECT id, doc, file_hash FROM ${kind} ORDER BY id`).all() as {
      id: string;
      doc: string;
      file_hash: string | null;
    }[];
    return rows.map((r) => ({ id: r.id, doc: JSON.parse(r.doc), fileHash: r.file_hash }));
  }

  write(changes: readonly ConfigChange[]): void {
    this.#db.transaction(() => {
      for (const c of changes) {
        if (c.doc === undefined) this.#db.prepare(`DELETE FROM ${c.kind} WHERE id = ?`).run(c.id);
        else
          this.#db
            .prepare(`INSERT OR REPLACE INTO ${c.kind} (id, doc, file_hash) VALUES (?, ?, ?)`)
            .run(c.id, JSON.stringify(c.doc), c.fileHash ?? null);
      }
    })();
  }
}
