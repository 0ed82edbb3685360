import type { Db } from '@paddock/runtime';
import { type DeploymentRecord, decodeRecord, encodeRecord } from './deployment-record.ts';
import type { Damaged, DeploymentStore } from './deployment-store.ts';

/** deploy.db's schema, one migration per version (the runtime applies them). */
export const MIGRATIONS = [
  `CREATE TABLE deployments (
     id TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX deployments_owner ON deployments (owner, created_at);`,
];

/** Deployments in `<data-dir>/deploy.db`. */
export class SqliteDeploymentStore implements DeploymentStore {
  readonly #q;

  constructor(db: Db) {
    this.#q = {
      load: db.prepare('SELECT id, doc FROM deployments WHERE owner = ? ORDER BY created_at, id'),
      all: db.prepare('SELECT id, doc FROM deployments ORDER BY created_at, id'),
      save: db.prepare(
        `INSERT INTO deployments (id, owner, created_at, doc) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
      ),
      remove: db.prepare('DELETE FROM deployments WHERE id = ?'),
    };
  }

  async load(owner?: string) {
    const records: DeploymentRecord[] = [];
    const damaged: Damaged[] = [];
    const rows = owner === undefined ? this.#q.all.all() : this.#q.load.all(owner);
    for (const row of rows as { id: string; doc: string }[]) {
      const r = decodeRecord(row.doc);
      if ('error' in r) damaged.push({ key: row.id, reason: r.error });
      else records.push(r);
    }
    return { records, damaged };
  }

  async save(r: DeploymentRecord): Promise<void> {
    this.#q.save.run(r.view.id, r.owner, r.view.createdAt, encodeRecord(r));
  }

  async remove(id: string): Promise<void> {
    this.#q.remove.run(id);
  }

  // The runtime closes the database.
  async close(): Promise<void> {}
}
