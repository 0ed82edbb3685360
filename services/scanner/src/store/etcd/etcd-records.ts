import { prefixEnd, type SyncEtcd } from '@paddock/etcd';
import type { RecordStore, ScannerRows } from '../scanner-store.ts';

type Damaged = (key: string, reason: string) => void;
interface Stored {
  id: string;
  startedMs: number;
  record: unknown;
}

/**
 * Records of one kind under `dir` (`<prefix>scanner/records/<kind>/`), each key an id. A list is
 * one range read sorted by start: a kind keeps at most `keep` records (1000 by default).
 */
export class EtcdRecords<T> implements RecordStore<T> {
  readonly #etcd: SyncEtcd;
  readonly #dir: string;
  readonly #keep: number;
  readonly #onDamaged: Damaged;

  constructor(etcd: SyncEtcd, dir: string, keep = 1000, onDamaged: Damaged = () => {}) {
    this.#etcd = etcd;
    this.#dir = dir;
    this.#keep = keep;
    this.#onDamaged = onDamaged;
  }

  put(id: string, startedMs: number, record: T): void {
    const value = JSON.stringify({ startedMs, record });
    this.#etcd.txn({ compares: [], puts: [{ key: `${this.#dir}${id}`, value }], deletes: [] });
  }

  get(id: string): T | undefined {
    const kv = this.#etcd.read([{ key: `${this.#dir}${id}` }])[0]![0];
    return kv && (decode(kv.key, kv.value, this.#dir, this.#onDamaged)[0]?.record as T | undefined);
  }

  list(limit: number): T[] {
    return this.#newest()
      .slice(0, limit)
      .map((r) => r.record as T);
  }

  prune(): void {
    const old = this.#newest().slice(this.#keep);
    for (let at = 0; at < old.length; at += 100)
      this.#etcd.txn({
        compares: [],
        puts: [],
        deletes: old.slice(at, at + 100).map((r) => ({ key: `${this.#dir}${r.id}` })),
      });
  }

  #newest(): Stored[] {
    const kvs = this.#etcd.read([{ key: this.#dir, end: prefixEnd(this.#dir) }])[0]!;
    // Newest first; among records started in the same millisecond, the later id first.
    return kvs
      .flatMap((kv) => decode(kv.key, kv.value, this.#dir, this.#onDamaged))
      .sort((a, b) => b.startedMs - a.startedMs || (a.id < b.id ? 1 : -1));
  }

  /** Every record of every kind under `dir` (`<prefix>scanner/records/`), by kind and id. */
  static all(etcd: SyncEtcd, dir: string, onDamaged: Damaged): ScannerRows['records'] {
    const kvs = etcd.read([{ key: dir, end: prefixEnd(dir) }])[0]!;
    return kvs.flatMap((kv) => {
      const kind = kv.key.slice(dir.length).split('/')[0]!;
      return decode(kv.key, kv.value, `${dir}${kind}/`, onDamaged).map((r) => ({ kind, ...r }));
    });
  }
}

function decode(key: string, value: string, dir: string, onDamaged: Damaged): Stored[] {
  try {
    const v = JSON.parse(value) as { startedMs: unknown; record: unknown };
    if (typeof v.startedMs !== 'number' || v.record === undefined) throw new Error();
    return [{ id: key.slice(dir.length), startedMs: v.startedMs, record: v.record }];
  } catch {
    onDamaged(key, 'not a scanner record');
    return [];
  }
}
