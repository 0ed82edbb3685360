import { prefixEnd, type SyncEtcd } from '@paddock/etcd';
import type { ConfigChange, ConfigKind, ConfigStore, StoredDoc } from '../config-store.ts';

/**
 * Subnets and reservations in etcd, shared by a site's DHCP servers:
 *   dhcp/config/<kind>/<id>   {"doc":{…},"fileHash":"…"|null}
 *   dhcp/config/changed       rewritten by every write: each server watches it
 * A write is one transaction (all or nothing, as in dhcp.db). A value that is not a document is
 * skipped and counted; the live config then builds without it, as it would from SQLite.
 */
export class EtcdConfigStore implements ConfigStore {
  readonly #etcd: SyncEtcd;
  readonly #p: string;
  readonly #onDamaged: (key: string, reason: string) => void;
  damaged = 0;

  constructor(etcd: SyncEtcd, prefix: string, onDamaged: (key: string, reason: string) => void = () => {}) {
    this.#etcd = etcd;
    this.#p = `${prefix}dhcp/config/`;
    this.#onDamaged = onDamaged;
  }

  load(kind: ConfigKind): StoredDoc[] {
    const dir = `${this.#p}${kind}/`;
    return this.#etcd.read([{ key: dir, end: prefixEnd(dir) }])[0]!.flatMap((kv) => {
      try {
        const v = JSON.parse(kv.value) as { doc?: unknown; fileHash?: unknown };
        if (typeof v !== 'object' || v === null || v.doc === undefined) throw new Error('no doc');
        const fileHash = typeof v.fileHash === 'string' ? v.fileHash : null;
        return [{ id: kv.key.slice(dir.length), doc: v.doc, fileHash }];
      } catch {
        this.damaged++;
        this.#onDamaged(kv.key, 'not a DHCP config document');
        return [];
      }
    });
  }

  write(changes: readonly ConfigChange[]): void {
    const key = (c: ConfigChange) => `${this.#p}${c.kind}/${c.id}`;
    const puts = changes
      .filter((c) => c.doc !== undefined)
      .map((c) => ({ key: key(c), value: JSON.stringify({ doc: c.doc, fileHash: c.fileHash ?? null }) }));
    const deletes = changes.filter((c) => c.doc === undefined).map((c) => ({ key: key(c) }));
    this.#etcd.txn({ compares: [], puts: [...puts, { key: `${this.#p}changed`, value: String(Date.now()) }], deletes });
  }

  watch(onChange: () => void): void {
    this.#etcd.watch(`${this.#p}changed`, onChange);
  }

  mark(): string {
    return this.#etcd.read([{ key: `${this.#p}changed` }])[0]![0]?.mod ?? '0';
  }
}
