import { prefixEnd } from '@paddock/etcd';
import type { Node } from '../../model/node.ts';
import type { ChangeKind } from '../store.ts';

/**
 * Where the inventory lives under a site's prefix (`/paddock/<site>/` by default):
 *   site                      the site id, written once, checked at every open
 *   inventory/revision        the store's revision, a counter bumped in each commit's transaction
 *   inventory/compacted       the oldest revision the change log can still resume after
 *   inventory/nodes/<id>      {"revision":"7","node":{…}}
 *   inventory/names/<name>    the id holding the name (unique, as SQLite's UNIQUE column)
 *   inventory/macs/<mac>      the id holding the MAC
 *   inventory/changes/<rev>   {"kind":"updated","node":{…}}, rev zero-padded so keys sort
 *   inventory/cursors/<feed>  a feed's last delivered revision
 */
export function inventoryKeys(prefix: string) {
  const p = `${prefix}inventory/`;
  return {
    site: `${prefix}site`,
    revision: `${p}revision`,
    compacted: `${p}compacted`,
    nodes: `${p}nodes/`,
    node: (id: string) => `${p}nodes/${id}`,
    name: (name: string) => `${p}names/${name}`,
    mac: (mac: string) => `${p}macs/${mac}`,
    changes: `${p}changes/`,
    change: (rev: bigint) => `${p}changes/${rev.toString().padStart(20, '0')}`,
    changesEnd: prefixEnd(`${p}changes/`),
    cursor: (feed: string) => `${p}cursors/${feed}`,
  };
}

export type InventoryKeys = ReturnType<typeof inventoryKeys>;

export function encodeNode(node: Node): string {
  const { revision, ...rest } = node;
  return JSON.stringify({ revision: String(revision), node: rest });
}

export function encodeChange(kind: ChangeKind, node: Node): string {
  const { revision: _revision, ...rest } = node;
  return JSON.stringify({ kind, node: rest });
}

/** A stored node, or why the value is not one (a foreign or damaged value under the prefix). */
export function decodeNode(value: string): { node: Node } | { error: string } {
  const v = parseObject(value);
  if (typeof v === 'string') return { error: v };
  if (typeof v['revision'] !== 'string' || !/^\d+$/.test(v['revision'])) return { error: 'no revision' };
  const node = checkNode(v['node']);
  if (typeof node === 'string') return { error: node };
  return { node: { ...node, revision: BigInt(v['revision']) } };
}

export function decodeChange(value: string, revision: bigint): { kind: ChangeKind; node: Node } | { error: string } {
  const v = parseObject(value);
  if (typeof v === 'string') return { error: v };
  const kind = v['kind'];
  if (kind !== 'created' && kind !== 'updated' && kind !== 'deleted') return { error: 'no change kind' };
  const node = checkNode(v['node']);
  if (typeof node === 'string') return { error: node };
  return { kind, node: { ...node, revision } };
}

/** A counter's value; a missing key is 0. */
export function decodeCounter(value: string | undefined): bigint | undefined {
  if (value === undefined) return 0n;
  return /^\d+$/.test(value) ? BigInt(value) : undefined;
}

function parseObject(value: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(value);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : 'not a JSON object';
  } catch {
    return 'not JSON';
  }
}

/** The fields every reader relies on; the rest of the model grows without a check per field. */
function checkNode(n: unknown): Omit<Node, 'revision'> | string {
  if (!n || typeof n !== 'object') return 'no node';
  const o = n as Record<string, unknown>;
  if (typeof o['id'] !== 'string' || typeof o['name'] !== 'string') return 'node without id or name';
  if (!Array.isArray(o['nics']) || !o['lifecycle'] || !o['power'] || !o['provider']) return 'node missing fields';
  return o as unknown as Omit<Node, 'revision'>;
}
