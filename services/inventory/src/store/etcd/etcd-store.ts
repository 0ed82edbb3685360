import { type KeyValue, openSiteEtcd, prefixEnd, type SiteEtcdOptions, type SyncEtcd } from '@paddock/etcd';
import type { Node } from '../../model/node.ts';
import type { Batch, Change, CommitResult, NodeStore } from '../store.ts';
import { planCommit } from './etcd-commit.ts';
import { decodeChange, decodeCounter, decodeNode, type InventoryKeys, inventoryKeys } from './etcd-keys.ts';

export interface EtcdStoreOptions extends SiteEtcdOptions {
  /** Told of each value under the prefix that is not a valid inventory record (it is skipped). */
  onDamaged?: (key: string, reason: string) => void;
}

/** How many times a commit is retried after losing a race to another server's commit. */
const COMMIT_ATTEMPTS = 50;

/**
 * The inventory in etcd, for several Paddock servers sharing one site. Every commit reads what
 * it touches, checks it as the SQLite store does, and writes in one etcd transaction guarded by
 * the revision counter's mod revision: a commit by another server in between fails the
 * transaction, and the commit is planned again on fresh data (compare-and-swap, no locks).
 */
export class EtcdStore implements NodeStore {
  readonly #etcd: SyncEtcd;
  readonly #k: InventoryKeys;
  readonly #onDamaged: (key: string, reason: string) => void;
  /** Values under the prefix skipped because they are not inventory records. */
  damaged = 0;

  private constructor(etcd: SyncEtcd, opts: EtcdStoreOptions) {
    this.#etcd = etcd;
    this.#k = inventoryKeys(opts.prefix);
    this.#onDamaged = opts.onDamaged ?? (() => {});
  }

  /** Connects and checks the site id; throws a sentence naming the endpoints when it cannot. */
  static open(opts: EtcdStoreOptions): EtcdStore {
    const etcd = openSiteEtcd(opts);
    return new EtcdStore(etcd, opts);
  }

  find(key: string): Node | undefined {
    const k = this.#k;
    const [byId, byName, byMac] = this.#etcd.read([
      { key: k.node(key) },
      { key: k.name(key) },
      { key: k.mac(key.toLowerCase()) },
    ]);
    if (byId![0]) return this.#node(byId![0]);
    const id = byName![0]?.value ?? byMac![0]?.value;
    if (id === undefined) return undefined;
    const kv = this.#etcd.read([{ key: k.node(id) }])[0]![0];
    return kv && this.#node(kv);
  }

  list(): { nodes: Node[]; revision: bigint } {
    const [rev, kvs] = this.#etcd.read([
      { key: this.#k.revision },
      { key: this.#k.nodes, end: prefixEnd(this.#k.nodes) },
    ]);
    const nodes = kvs!
      .flatMap((kv) => this.#node(kv) ?? [])
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { nodes, revision: this.#counter(rev![0]) };
  }

  commit(batch: Batch): CommitResult {
    for (let i = 0; i < COMMIT_ATTEMPTS; i++) {
      const plan = planCommit(this.#etcd, this.#k, batch);
      if (!plan.ok) return plan;
      if (this.#etcd.txn(plan.txn)) return plan.result;
    }
    throw new Error(`etcd at ${this.#etcd.endpoints.join(',')}: a commit lost ${COMMIT_ATTEMPTS} races in a row`);
  }

  changesSince(revision: bigint): Change[] | undefined {
    const k = this.#k;
    const [rev, compacted, kvs] = this.#etcd.read([
      { key: k.revision },
      { key: k.compacted },
      { key: k.change(revision + 1n), end: k.changesEnd },
    ]);
    if (revision < this.#counter(compacted![0]) || revision > this.#counter(rev![0])) return undefined;
    const changes: Change[] = [];
    for (const kv of kvs!) {
      const at = BigInt(kv.key.slice(k.changes.length).replace(/\D/g, '') || '0');
      const c = decodeChange(kv.value, at);
      // A change that cannot be read cannot be replayed: the watcher starts from a snapshot.
      if ('error' in c) return this.#damage(kv.key, c.error);
      changes.push({ kind: c.kind, revision: at, node: c.node });
    }
    return changes;
  }

  cursor(feed: string): bigint {
    return this.#counter(this.#etcd.read([{ key: this.#k.cursor(feed) }])[0]![0]);
  }

  close(): void {
    this.#etcd.close();
  }

  #node(kv: KeyValue): Node | undefined {
    const d = decodeNode(kv.value);
    return 'error' in d ? this.#damage(kv.key, d.error) : d.node;
  }

  #counter(kv: KeyValue | undefined): bigint {
    return decodeCounter(kv?.value) ?? this.#damage(kv!.key, 'not a number') ?? 0n;
  }

  #damage(key: string, reason: string): undefined {
    this.damaged++;
    this.#onDamaged(key, reason);
    return undefined;
  }
}
