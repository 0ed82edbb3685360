/**
 * etcd's KV messages for guarded writes (rpc.proto: TxnRequest, Compare, RequestOp, PutRequest,
 * RangeRequest; TxnResponse, ResponseOp, RangeResponse; kv.proto: KeyValue), encoded and
 * decoded by hand (proto-wire.ts). Keys and values stay Buffers; callers decode what they read.
 */
import { ProtoWriter, readFields } from './proto-wire.ts';

/** A key written only if it is still at mod revision `basis` (0: the key does not exist). */
export interface GuardedPut {
  key: string;
  value: string;
  basis: number;
}

export interface RawKv {
  key: Buffer;
  value: Buffer;
  mod: number;
}

export interface TxnResult {
  /** The store's revision after the transaction (each put's new mod revision when it succeeded). */
  revision: number;
  succeeded: boolean;
  /** On failure, per put (in order): the key as it is now, undefined if absent. */
  current: Array<RawKv | undefined>;
}

const MOD = 2; // Compare.CompareTarget.Mod; CompareResult.Equal is 0

/**
 * One transaction: if every key is at its basis, put them all; otherwise write nothing and read
 * every key (so the caller learns which moved, and to what, in the same round trip).
 */
export function encodeGuardedPuts(puts: readonly GuardedPut[]): Buffer {
  const w = new ProtoWriter();
  for (const p of puts) w.message(1, (c) => c.int(1, 0).int(2, MOD).bytes(3, p.key).int(6, p.basis));
  for (const p of puts) w.message(2, (op) => op.message(2, (put) => put.bytes(1, p.key).bytes(2, p.value)));
  for (const p of puts) w.message(3, (op) => op.message(1, (range) => range.bytes(1, p.key)));
  return w.finish();
}

export function decodeTxnResponse(buf: Buffer): TxnResult {
  const r: TxnResult = { revision: 0, succeeded: false, current: [] };
  readFields(buf, (field, int, bytes) => {
    if (field === 1 && bytes) r.revision = headerRevision(bytes);
    else if (field === 2) r.succeeded = int !== 0;
    else if (field === 3 && bytes) r.current.push(firstKvOfRange(bytes));
  });
  return r;
}

/** ResponseHeader.revision. */
export function headerRevision(buf: Buffer): number {
  let revision = 0;
  readFields(buf, (field, int) => {
    if (field === 3) revision = int;
  });
  return revision;
}

/** A ResponseOp's range response's first key (undefined for an absent key or another op). */
function firstKvOfRange(op: Buffer): RawKv | undefined {
  let kv: RawKv | undefined;
  readFields(op, (field, _int, bytes) => {
    if (field !== 1 || !bytes) return;
    readFields(bytes, (f, _i, b) => {
      if (f === 2 && b && !kv) kv = decodeKeyValue(b);
    });
  });
  return kv;
}

export function decodeKeyValue(buf: Buffer): RawKv {
  const kv: RawKv = { key: EMPTY, value: EMPTY, mod: 0 };
  readFields(buf, (field, int, bytes) => {
    if (field === 1 && bytes) kv.key = bytes;
    else if (field === 3) kv.mod = int;
    else if (field === 5 && bytes) kv.value = bytes;
  });
  return kv;
}

const EMPTY = Buffer.alloc(0);
