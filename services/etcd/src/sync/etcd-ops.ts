/**
 * What the etcd thread is asked to do, as plain data that crosses the thread boundary: an
 * atomic read of several keys and ranges, or a transaction guarded by mod revisions. Keys
 * and values are UTF-8 strings (Paddock writes only JSON and decimal numbers).
 */
export interface KeyValue {
  key: string;
  value: string;
  /** etcd's mod revision of the key, as a decimal string. */
  mod: string;
}

/** One key (no `end`), or the keys in [key, end). */
export interface Range {
  key: string;
  end?: string;
}

export type EtcdOp =
  | { kind: 'read'; ranges: Range[] }
  | {
      kind: 'txn';
      /** Every key must be at this mod revision ('0': absent) for the writes to happen. */
      compares: { key: string; mod: string }[];
      puts: { key: string; value: string }[];
      deletes: Range[];
    };

/** `revision`: etcd's revision the read was made at, or the transaction's writes were committed at. */
export type EtcdResult =
  | { kind: 'read'; ranges: KeyValue[][]; revision: string }
  | { kind: 'txn'; succeeded: boolean; revision: string };

export type EtcdReply = { id: number; ok: true; result: EtcdResult } | { id: number; ok: false; error: string };

/** The end of the range of keys starting with `prefix` (its last byte plus one). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
