import type { Db } from '@paddock/runtime';
import type { BootRows, Script, StoredFile } from './boot-rows.ts';

interface FileRow {
  name: string;
  size: number;
  sha256: string;
  access: StoredFile['access'];
  node_mac: string;
  updated_at: number;
}

const toFile = (r: FileRow): StoredFile => ({
  name: r.name,
  size: r.size,
  sha256: r.sha256,
  access: r.access,
  nodeMac: r.node_mac,
  updatedAt: r.updated_at,
});

/** Boot rows in boot.db (schema.ts), owned by one server: the mark never moves. */
export class SqliteBootRows implements BootRows {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  ruleBodies(): string[] {
    return (this.#db.prepare('SELECT body FROM rules ORDER BY name').all() as { body: string }[]).map((r) => r.body);
  }

  putRule(name: string, body: string): void {
    this.#db
      .prepare('INSERT INTO rules (name, body) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body')
      .run(name, body);
  }

  deleteRule(name: string): boolean {
    return this.#db.prepare('DELETE FROM rules WHERE name = ?').run(name).changes > 0;
  }

  scripts(): Script[] {
    return this.#db.prepare('SELECT name, body, description FROM scripts ORDER BY name').all() as Script[];
  }

  script(name: string): Script | undefined {
    return this.#db.prepare('SELECT name, body, description FROM scripts WHERE name = ?').get(name) as
      | Script
      | undefined;
  }

  putScript(s: Script): void {
    this.#db
      .prepare(
        `INSERT INTO scripts (name, body, description) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET body = excluded.body, description = excluded.description`,
      )
      .run(s.name, s.body, s.description);
  }

  deleteScript(name: string): boolean {
    return this.#db.prepare('DELETE FROM scripts WHERE name = ?').run(name).changes > 0;
  }

  files(): StoredFile[] {
    return (this.#db.prepare('SELECT * FROM files ORDER BY name').all() as FileRow[]).map(toFile);
  }

  file(name: string): StoredFile | undefined {
    const row = this.#db.prepare('SELECT * FROM files WHERE name = ?').get(name) as FileRow | undefined;
    return row && toFile(row);
  }

  putFile(f: StoredFile, replaces?: string): void {
    this.#db.transaction(() => {
      if (replaces !== undefined) this.#db.prepare('DELETE FROM files WHERE name = ?').run(replaces);
      this.#db
        .prepare(
          `INSERT INTO files (name, size, sha256, access, node_mac, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, access = excluded.access,
             node_mac = excluded.node_mac, updated_at = excluded.updated_at`,
        )
        .run(f.name, f.size, f.sha256, f.access, f.nodeMac, f.updatedAt);
    })();
  }

  deleteFile(name: string): boolean {
    return this.#db.prepare('DELETE FROM files WHERE name = ?').run(name).changes > 0;
  }

  usesBlob(sha256: string): boolean {
    return this.#db.prepare('SELECT 1 FROM files WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
  }

  mark(): string {
    return '0';
  }
}
