import type { Db } from '@paddock/runtime';
import { macsOf, type Node } from '../model/node.ts';
import { fromDoc, toDoc } from './node-json.ts';
import {
  type Batch,
  CHANGE_LOG_LIMIT,
  type Change,
  type ChangeKind,
  type CommitResult,
  type Conflict,
  type NodeStore,
  type Write,
} from './store.ts';

export { MIGRATIONS } from './migrations.ts';

type NodeRow = { id: string; name: string; revision: bigint; doc: string };

/** The store in SQLite (the runtime opens it with MIGRATIONS); one transaction per commit. */
export class SqliteStore implements NodeStore {
  readonly #db: Db;
  readonly #q;

  constructor(db: Db) {
    this.#db = db;
    const prepare = (sql: string) => db.prepare(sql).safeIntegers(true);
    this.#q = {
      byId: prepare('SELECT * FROM nodes WHERE id = ?'),
      byName: prepare('SELECT * FROM nodes WHERE name = ?'),
      byMac: prepare('SELECT nodes.* FROM nics JOIN nodes ON nodes.id = nics.node_id WHERE nics.mac = ?'),
      all: prepare('SELECT * FROM nodes ORDER BY name'),
      meta: prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: prepare('UPDATE meta SET value = ? WHERE key = ?'),
      insert: prepare('INSERT INTO nodes (id, name, revision, doc) VALUES (?, ?, ?, ?)'),
      update: prepare('UPDATE nodes SET name = ?, revision = ?, doc = ? WHERE id = ?'),
      delete: prepare('DELETE FROM nodes WHERE id = ?'),
      clearNics: prepare('DELETE FROM nics WHERE node_id = ?'),
      addNic: prepare('INSERT INTO nics (mac, node_id) VALUES (?, ?)'),
      log: prepare('INSERT INTO changes (revision, kind, doc) VALUES (?, ?, ?)'),
      since: prepare('SELECT * FROM changes WHERE revision > ? ORDER BY revision'),
      compact: prepare('DELETE FROM changes WHERE revision <= ?'),
      cursor: prepare('SELECT revision FROM cursors WHERE feed = ?').pluck(),
      setCursor: prepare(
        'INSERT INTO cursors (feed, revision) VALUES (?, ?) ON CONFLICT (feed) DO UPDATE SET revision = excluded.revision',
      ),
    };
  }

  find(key: string): Node | undefined {
    const row = (this.#q.byId.get(key) ?? this.#q.byName.get(key) ?? this.#q.byMac.get(key.toLowerCase())) as
      | NodeRow
      | undefined;
    return row && fromDoc(row.doc, row.revision);
  }

  list(): { nodes: Node[]; revision: bigint } {
    return this.#db.transaction(() => ({
      nodes: (this.#q.all.all() as NodeRow[]).map((r) => fromDoc(r.doc, r.revision)),
      revision: this.#meta('revision'),
    }))();
  }

  commit(batch: Batch): CommitResult {
    try {
      return this.#db.transaction(() => this.#commit(batch))();
    } catch (err) {
      if (err instanceof ConflictError) return { ok: false, conflict: err.conflict };
      throw err;
    }
  }

  changesSince(revision: bigint): Change[] | undefined {
    return this.#db.transaction(() => {
      if (revision < this.#meta('compacted') || revision > this.#meta('revision')) return undefined;
      return (this.#q.since.all(revision) as { revision: bigint; kind: ChangeKind; doc: string }[]).map((r) => ({
        kind: r.kind,
        revision: r.revision,
        node: fromDoc(r.doc, r.revision),
      }));
    })();
  }

  cursor(feed: string): bigint {
    return (this.#q.cursor.get(feed) as bigint | undefined) ?? 0n;
  }

  #commit(batch: Batch): CommitResult {
    let revision = this.#meta('revision');
    const changes: Change[] = [];
    for (const w of batch.writes) {
      revision++;
      changes.push(this.#write(w, revision));
    }
    this.#q.setMeta.run(revision, 'revision');
    const oldest = revision - BigInt(CHANGE_LOG_LIMIT);
    if (oldest > this.#meta('compacted')) {
      this.#q.compact.run(oldest);
      this.#q.setMeta.run(oldest, 'compacted');
    }
    if (batch.cursor) this.#q.setCursor.run(batch.cursor.feed, batch.cursor.revision);
    return { ok: true, changes, revision };
  }

  #write(w: Write, revision: bigint): Change {
    const id = w.kind === 'put' ? w.node.id : w.id;
    const row = this.#q.byId.get(id) as NodeRow | undefined;
    if (w.kind === 'put' && w.create && row) throw new ConflictError({ kind: 'exists', id });
    if (!row && !(w.kind === 'put' && w.create)) throw new ConflictError({ kind: 'not-found', id });
    if (row && w.expectedRevision !== undefined && row.revision !== w.expectedRevision)
      throw new ConflictError({ kind: 'revision', id, expected: w.expectedRevision, actual: row.revision });
    if (w.kind === 'delete') {
      this.#q.delete.run(id);
      this.#q.log.run(revision, 'deleted', row!.doc);
      return { kind: 'deleted', revision, node: fromDoc(row!.doc, revision) };
    }
    const node = { ...w.node, revision };
    const taken = this.#q.byName.get(node.name) as NodeRow | undefined;
    if (taken && taken.id !== id) throw new ConflictError({ kind: 'name-taken', name: node.name, by: taken.name });
    for (const mac of macsOf(node)) {
      const other = this.#q.byMac.get(mac) as NodeRow | undefined;
      if (other && other.id !== id) throw new ConflictError({ kind: 'mac-taken', mac, by: other.name });
    }
    const doc = toDoc(node);
    if (row) this.#q.update.run(node.name, revision, doc, id);
    else this.#q.insert.run(id, node.name, revision, doc);
    this.#q.clearNics.run(id);
    for (const mac of macsOf(node)) this.#q.addNic.run(mac, id);
    const kind = row ? 'updated' : 'created';
    this.#q.log.run(revision, kind, doc);
    return { kind, revision, node };
  }

  #meta(key: string): bigint {
    return this.#q.meta.get(key) as bigint;
  }
}

/** Thrown inside the transaction to roll it back, caught outside it. */
class ConflictError extends Error {
  readonly conflict: Conflict;
  constructor(conflict: Conflict) {
    super(conflict.kind);
    this.conflict = conflict;
  }
}
