import type { EtcdOp, SyncEtcd } from '@paddock/etcd';
import { macsOf, type Node } from '../../model/node.ts';
import { type Batch, CHANGE_LOG_LIMIT, type Change, type CommitResult, type Conflict, type Write } from '../store.ts';
import { decodeCounter, decodeNode, encodeChange, encodeNode, type InventoryKeys } from './etcd-keys.ts';

type Txn = Omit<Extract<EtcdOp, { kind: 'txn' }>, 'kind'>;
export type Plan = { ok: true; txn: Txn; result: CommitResult } | { ok: false; conflict: Conflict };

/**
 * One commit as one etcd transaction: reads every key the batch touches in one consistent
 * view, applies the writes to that view with the same checks as the SQLite store (ids, names,
 * MACs, expected revisions), and returns the keys to write, guarded by the revision counter.
 */
export function planCommit(etcd: SyncEtcd, k: InventoryKeys, batch: Batch): Plan {
  const ids = [...new Set(batch.writes.map(idOf))];
  const puts = batch.writes.flatMap((w) => (w.kind === 'put' ? [w.node] : []));
  const indexKeys = [...new Set(puts.flatMap((n) => [k.name(n.name), ...macsOf(n).map(k.mac)]))];
  const [rev, compacted, ...rest] = etcd.read(
    [k.revision, k.compacted, ...ids.map(k.node), ...indexKeys].map((key) => ({ key })),
  );
  const revKv = rev![0];
  let revision = counter(k.revision, revKv?.value);
  const nodes = new Map<string, Node | undefined>();
  ids.forEach((id, i) => {
    const kv = rest[i]![0];
    const d = kv && decodeNode(kv.value);
    // A damaged record is never overwritten by a write planned without knowing what it held.
    if (d && 'error' in d)
      throw new Error(`the inventory record at ${kv.key} is damaged (${d.error}); not changing it`);
    nodes.set(id, d?.node);
  });
  const index = new Map<string, string | undefined>(indexKeys.map((key, i) => [key, rest[ids.length + i]![0]?.value]));
  const changes: Change[] = [];
  for (const w of batch.writes) {
    const id = idOf(w);
    const old = nodes.get(id);
    const conflict = check(w, old, index, k, (other) => nameOf(etcd, k, nodes, other));
    if (conflict) return { ok: false, conflict };
    revision++;
    if (old) for (const key of [k.name(old.name), ...macsOf(old).map(k.mac)]) index.set(key, undefined);
    if (w.kind === 'delete') {
      nodes.set(id, undefined);
      changes.push({ kind: 'deleted', revision, node: { ...old!, revision } });
      continue;
    }
    const node = { ...w.node, revision };
    nodes.set(id, node);
    for (const key of [k.name(node.name), ...macsOf(node).map(k.mac)]) index.set(key, id);
    changes.push({ kind: old ? 'updated' : 'created', revision, node });
  }
  const txn: Txn = { compares: [{ key: k.revision, mod: revKv?.mod ?? '0' }], puts: [], deletes: [] };
  const write = (key: string, value: string | undefined) =>
    value === undefined ? txn.deletes.push({ key }) : txn.puts.push({ key, value });
  for (const [id, node] of nodes)
    if (batch.writes.some((w) => idOf(w) === id)) write(k.node(id), node && encodeNode(node));
  for (const [key, id] of index) write(key, id);
  for (const c of changes) write(k.change(c.revision), encodeChange(c.kind, c.node));
  if (changes.length > 0) write(k.revision, String(revision));
  const oldest = revision - BigInt(CHANGE_LOG_LIMIT);
  if (oldest > counter(k.compacted, compacted![0]?.value)) {
    txn.deletes.push({ key: k.changes, end: k.change(oldest + 1n) });
    write(k.compacted, String(oldest));
  }
  if (batch.cursor) write(k.cursor(batch.cursor.feed), String(batch.cursor.revision));
  return { ok: true, txn, result: { ok: true, changes, revision } };
}

function check(
  w: Write,
  old: Node | undefined,
  index: Map<string, string | undefined>,
  k: InventoryKeys,
  nameOf: (id: string) => string,
): Conflict | undefined {
  const id = idOf(w);
  if (w.kind === 'put' && w.create && old) return { kind: 'exists', id };
  if (!old && !(w.kind === 'put' && w.create)) return { kind: 'not-found', id };
  if (old && w.expectedRevision !== undefined && old.revision !== w.expectedRevision)
    return { kind: 'revision', id, expected: w.expectedRevision, actual: old.revision };
  if (w.kind === 'delete') return undefined;
  const byName = index.get(k.name(w.node.name));
  if (byName !== undefined && byName !== id) return { kind: 'name-taken', name: w.node.name, by: nameOf(byName) };
  for (const mac of macsOf(w.node)) {
    const by = index.get(k.mac(mac));
    if (by !== undefined && by !== id) return { kind: 'mac-taken', mac, by: nameOf(by) };
  }
  return undefined;
}

function nameOf(etcd: SyncEtcd, k: InventoryKeys, nodes: Map<string, Node | undefined>, id: string): string {
  const known = nodes.get(id);
  if (known) return known.name;
  const kv = etcd.read([{ key: k.node(id) }])[0]![0];
  const d = kv && decodeNode(kv.value);
  return d && 'node' in d ? d.node.name : id;
}

function idOf(w: Write): string {
  return w.kind === 'put' ? w.node.id : w.id;
}

function counter(key: string, value: string | undefined): bigint {
  const n = decodeCounter(value);
  if (n === undefined) throw new Error(`the inventory counter at ${key} is damaged (${JSON.stringify(value)})`);
  return n;
}
