import type { FollowMessage, KeyValue, RangeKv, SyncEtcd } from '@paddock/etcd';
import { RevisionLog, type WatchSource } from '@paddock/runtime';
import type { CertRow } from '../key-store.ts';
import type { KeyItem } from '../watched-key-store.ts';
import { decodeCert, decodeToken, keyRecordKeys } from './key-records.ts';

export interface EtcdKeyFeedOptions {
  /**
   * Certificates the feed saw become revoked (on any server, this one's too): the key authority
   * refuses them and tells the overlay. Not called for those revoked before the start.
   */
  onRevoked?(certs: CertRow[]): void;
  /** A value under keys/tokens/ or keys/certs/ that is not a row, or a row deleted (not Paddock's doing). */
  onIgnored?(key: string, reason: string): void;
  /** The watch (re)started on an etcd member; `cause` is why it left the last. */
  onWatching?(endpoint: string, cause: string | undefined): void;
  /** The log's revisions start here, in ms (see WatchedKeyStore); default now. */
  startedAt?: number;
}

/**
 * The keys Watch on etcd: every server's token and certificate changes, this one's included, as
 * the site's etcd watch tells of them, in etcd's order. A server's own writes are not appended
 * when made (as WatchedKeyStore does on SQLite) but when the watch brings them back, so each
 * change is told once whichever server made it. The rows are kept here (key, mod revision, row),
 * updated only from the watch, so a snapshot is exactly the state at the log's head. The watch
 * goes on from another member when its own dies; after a gap etcd compacted it reads every row
 * again and appends those whose mod revision moved, so a subscriber resuming across it loses
 * nothing (and a RESET is never needed). Revisions are this server's, as on SQLite.
 */
export class EtcdKeyFeed {
  readonly revisions: RevisionLog<KeyItem>;
  readonly #o: EtcdKeyFeedOptions;
  readonly #rows = new Map<string, { mod: number; item: KeyItem }>();
  readonly #tokens: string;
  readonly #certs: string;
  /** Times every row was read again: at the start, and after a gap etcd compacted. */
  reads = 0;
  /** Values ignored (not rows, or deleted). */
  ignored = 0;

  constructor(etcd: SyncEtcd, prefix: string, o: EtcdKeyFeedOptions = {}) {
    this.#o = o;
    this.revisions = new RevisionLog<KeyItem>({ head: BigInt(o.startedAt ?? Date.now()) * 1000n });
    const k = keyRecordKeys(prefix);
    [this.#tokens, this.#certs] = [k.tokens.key, k.certs.key];
    // The state now, so the first subscriber's snapshot is whole; the watch's own first read
    // (in its thread, at a later revision) then appends only what changed in between.
    const { ranges } = etcd.readAt([k.tokens, k.certs]);
    for (const kv of ranges.flat()) this.#set(kv);
    // keys/certs/ .. keys/tokens/: the revocation mark and token-hash index in between are skipped.
    etcd.follow({ key: k.certs.key, end: k.tokens.end }, (m) => this.#on(m));
  }

  /** Every token and certificate now, and their changes from now on. */
  source(): WatchSource<KeyItem, KeyItem> {
    return this.revisions.source(() => [...this.#rows.values()].map((r) => r.item));
  }

  #on(m: FollowMessage): void {
    if (m.kind === 'watching') {
      this.#o.onWatching?.(m.endpoint, m.cause);
      return;
    }
    const revoked: CertRow[] = [];
    if (m.kind === 'changes') for (const kv of m.events) this.#change(kv, revoked);
    else {
      this.reads++;
      const present = new Set<string>();
      for (const kv of m.rows) {
        present.add(kv.key);
        this.#change(kv, revoked);
      }
      for (const key of [...this.#rows.keys()])
        if (!present.has(key)) this.#change({ key, value: undefined, mod: m.revision }, revoked);
    }
    if (revoked.length > 0) this.#o.onRevoked?.(revoked);
  }

  /** One row as etcd now has it: appended when newer than the one kept. */
  #change(kv: RangeKv, revoked: CertRow[]): void {
    if (!kv.key.startsWith(this.#tokens) && !kv.key.startsWith(this.#certs)) return;
    const mod = Number(kv.mod);
    const before = this.#rows.get(kv.key);
    if (before && before.mod >= mod) return;
    if (kv.value === undefined) {
      if (!before) return;
      this.#rows.delete(kv.key);
      this.#ignore(kv.key, 'deleted from etcd (Paddock never deletes a keys row)');
      return;
    }
    const item = this.#set(kv as KeyValue);
    if (!item) return;
    this.revisions.append(item);
    if (item.cert?.revokedAt !== undefined && before?.item.cert?.revokedAt === undefined) revoked.push(item.cert);
  }

  #set(kv: KeyValue): KeyItem | undefined {
    const row = kv.key.startsWith(this.#tokens) ? decodeToken(kv.value) : decodeCert(kv.value);
    if ('error' in row) {
      this.#rows.delete(kv.key);
      this.#ignore(kv.key, row.error);
      return undefined;
    }
    const item = ('hash' in row ? { token: row } : { cert: row }) as KeyItem;
    this.#rows.set(kv.key, { mod: Number(kv.mod), item });
    return item;
  }

  #ignore(key: string, reason: string): void {
    this.ignored++;
    this.#o.onIgnored?.(key, reason);
  }
}
