import type { Lease } from '../../leases/lease.ts';
import { fromTuple, type LeaseTuple, toTuple } from '../lease-row-codec.ts';

/**
 * Leases in etcd, under a site's prefix: `<prefix>dhcp/leases/<address, 8 hex digits>` holds
 * `{"w":"<writer>","l":[…the lease row's columns…]}`. One key per address, as SQLite's primary
 * key: an address has one row, and claiming it is a compare-and-swap on that key's mod revision.
 * `w` names the server process that wrote it, so a server knows its own writes on the watch.
 */
export const leasePrefix = (prefix: string): string => `${prefix}dhcp/leases/`;

export const leaseKey = (prefix: string, address: number): string =>
  `${leasePrefix(prefix)}${address.toString(16).padStart(8, '0')}`;

export function encodeLease(lease: Lease, writer: string): string {
  return JSON.stringify({ w: writer, l: toTuple(lease) });
}

const STATES = new Set(['bound', 'released', 'expired', 'declined']);
const TYPES = ['number', 'string', 'string', 'string', 'string', 'string', 'string', 'number', 'number', 'number'];

/** A stored lease, or why the value is not one (a foreign or damaged value under the prefix). */
export function decodeLease(key: string, value: string): { lease: Lease; writer: string } | { error: string } {
  const address = Number.parseInt(key.slice(key.lastIndexOf('/') + 1), 16);
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return { error: 'not JSON' };
  }
  const o = v as { w?: unknown; l?: unknown };
  if (!o || typeof o !== 'object' || typeof o.w !== 'string' || !Array.isArray(o.l) || o.l.length !== 14)
    return { error: 'not a lease record' };
  const t = o.l as unknown[];
  if (TYPES.some((type, i) => typeof t[i] !== type) || !STATES.has(t[6] as string))
    return { error: 'lease fields of the wrong type' };
  const lease = fromTuple(t as LeaseTuple);
  if (lease.address !== address) return { error: `holds address ${lease.address}, not the key's ${address}` };
  return { lease, writer: o.w };
}

/** What crosses between the store and its etcd thread. Revisions are decimal strings. */
export interface Kv {
  key: string;
  /** undefined: the key was deleted (Paddock never deletes a lease; someone else did). */
  value: string | undefined;
  mod: string;
}

export interface Claim {
  key: string;
  value: string;
  /** The key must still be at this mod revision ("0": absent) for the write to happen. */
  basis: string;
}

/**
 * A batch of claims as it crosses to the thread: the rows' columns as JSON tuples, one a line
 * (JSON never holds a raw newline), and per row its address and basis; the thread makes the
 * keys and values. One string and two arrays cost far less to post than an object per row.
 */
export interface ClaimBatch {
  addresses: number[];
  bases: string[];
  tuples: string;
}

export function claimBatch(rows: readonly Lease[], basis: (address: number) => string): ClaimBatch {
  return {
    addresses: rows.map((l) => l.address),
    bases: rows.map((l) => basis(l.address)),
    tuples: rows.map((l) => JSON.stringify(toTuple(l))).join('\n'),
  };
}

/** The claims of a batch, each value exactly `encodeLease(row, writer)`. */
export function claimsOf(batch: ClaimBatch, prefix: string, writer: string): Claim[] {
  const head = `{"w":${JSON.stringify(writer)},"l":`;
  const tuples = batch.tuples.split('\n');
  return batch.addresses.map((address, i) => ({
    key: leaseKey(prefix, address),
    value: `${head}${tuples[i]}}`,
    basis: batch.bases[i]!,
  }));
}

/** Claims written: their addresses and the one revision etcd wrote each at (flat: address, mod, …). */
export type Written = number[];

export type ToThread = { kind: 'commit'; id: number; batch: ClaimBatch } | { kind: 'close' };

export type FromThread =
  | { kind: 'loaded'; rows: Kv[]; revision: string }
  | { kind: 'open-failed'; error: string }
  /** Written: each key's new mod revision; lost: the value that won each claim that failed. */
  | { kind: 'committed'; id: number; written: Written; lost: Kv[] }
  | { kind: 'commit-failed'; id: number; error: string }
  /** Other servers' changes; `mine`: this server's own writes, as address, revision pairs (flat). */
  | { kind: 'changes'; events: Kv[]; mine: number[] }
  /** The watch could not resume (compacted history): everything, read again. */
  | { kind: 'reloaded'; rows: Kv[] }
  /** The watch started on `endpoint` after revision `after`; `cause`: why it left its last member. */
  | { kind: 'watching'; endpoint: string; after: string; cause?: string }
  | { kind: 'health'; ok: boolean; detail: string };
