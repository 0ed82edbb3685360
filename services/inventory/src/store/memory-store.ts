import { macsOf, type Node } from '../model/node.ts';
import {
  type Batch,
  CHANGE_LOG_LIMIT,
  type Change,
  type CommitResult,
  type Conflict,
  type NodeStore,
} from './store.ts';

/** The store in memory, for unit tests: the same contract as the SQLite store. */
export class MemoryStore implements NodeStore {
  #nodes = new Map<string, Node>();
  #log: Change[] = [];
  #revision = 0n;
  #compacted = 0n;
  #cursors = new Map<string, bigint>();

  find(key: string): Node | undefined {
    const byId = this.#nodes.get(key);
    if (byId) return structuredClone(byId);
    for (const n of this.#nodes.values())
      if (n.name === key || macsOf(n).includes(key.toLowerCase())) return structuredClone(n);
    return undefined;
  }

  list(): { nodes: Node[]; revision: bigint } {
    const nodes = [...this.#nodes.values()].sort((a, b) => a.name.localeCompare(b.name)).map((n) => structuredClone(n));
    return { nodes, revision: this.#revision };
  }

  commit(batch: Batch): CommitResult {
    const next = new Map(this.#nodes);
    const changes: Change[] = [];
    let revision = this.#revision;
    for (const w of batch.writes) {
      const id = w.kind === 'put' ? w.node.id : w.id;
      const old = next.get(id);
      const conflict = checkWrite(w, old, next);
      if (conflict) return { ok: false, conflict };
      revision++;
      if (w.kind === 'delete') {
        next.delete(id);
        changes.push({ kind: 'deleted', revision, node: { ...old!, revision } });
      } else {
        const node = { ...structuredClone(w.node), revision };
        next.set(id, node);
        changes.push({ kind: old ? 'updated' : 'created', revision, node: structuredClone(node) });
      }
    }
    this.#nodes = next;
    this.#revision = revision;
    this.#log.push(...changes);
    if (this.#log.length > CHANGE_LOG_LIMIT) {
      const dropped = this.#log.splice(0, this.#log.length - CHANGE_LOG_LIMIT);
      this.#compacted = dropped.at(-1)!.revision;
    }
    if (batch.cursor) this.#cursors.set(batch.cursor.feed, batch.cursor.revision);
    return { ok: true, changes, revision };
  }

  changesSince(revision: bigint): Change[] | undefined {
    if (revision < this.#compacted || revision > this.#revision) return undefined;
    return this.#log.filter((c) => c.revision > revision).map((c) => structuredClone(c));
  }

  cursor(feed: string): bigint {
    return this.#cursors.get(feed) ?? 0n;
  }
}

function checkWrite(w: Batch['writes'][number], old: Node | undefined, nodes: Map<string, Node>): Conflict | undefined {
  const id = w.kind === 'put' ? w.node.id : w.id;
  if (w.kind === 'put' && w.create && old) return { kind: 'exists', id };
  if (!old && !(w.kind === 'put' && w.create)) return { kind: 'not-found', id };
  if (old && w.expectedRevision !== undefined && old.revision !== w.expectedRevision)
    return { kind: 'revision', id, expected: w.expectedRevision, actual: old.revision };
  if (w.kind === 'delete') return undefined;
  for (const other of nodes.values()) {
    if (other.id === id) continue;
    if (other.name === w.node.name) return { kind: 'name-taken', name: w.node.name, by: other.name };
    const mac = macsOf(w.node).find((m) => macsOf(other).includes(m));
    if (mac) return { kind: 'mac-taken', mac, by: other.name };
  }
  return undefined;
}
