import { type Link, type Member, type Network, type Path, TopologyItem } from '@paddock/proto/overlay/v1/overlay.ts';
import { type Db, type Revisioned, RevisionLog, type WatchSource } from '@paddock/runtime';
import { itemKey, itemNetwork } from './item-key.ts';

interface Row {
  key: string;
  revision: number | bigint;
  body: Buffer;
}

/**
 * The overlay's topology: networks, members, links and paths, each stored under its key with the
 * revision of its last change (deleted ones as tombstones). The table is the history: the changes
 * after revision N are the rows stamped above N, so a watcher resumes from any revision, across
 * restarts too. Reads come from memory; every commit is one SQLite transaction.
 */
export class TopologyStore {
  readonly #db: Db;
  readonly #items = new Map<string, Revisioned<TopologyItem>>();
  readonly #log: RevisionLog<TopologyItem>;
  readonly #put;

  constructor(db: Db) {
    this.#db = db;
    db.defaultSafeIntegers(true);
    let head = 0n;
    for (const r of db.prepare('SELECT key, revision, body FROM items').all() as Row[]) {
      const revision = BigInt(r.revision);
      this.#items.set(r.key, { revision, change: TopologyItem.decode(r.body) });
      if (revision > head) head = revision;
    }
    this.#log = new RevisionLog({ head, retain: 1 });
    this.#put = db.prepare('INSERT OR REPLACE INTO items (key, revision, body) VALUES (?, ?, ?)');
  }

  /** Commits the items (each at the next revision) in one transaction, then tells watchers. */
  commit(items: TopologyItem[]): void {
    if (items.length === 0) return;
    let revision = this.#log.head();
    const stamped = items.map((change) => ({ revision: ++revision, change }));
    this.#db.transaction(() => {
      for (const s of stamped)
        this.#put.run(itemKey(s.change), s.revision, Buffer.from(TopologyItem.encode(s.change).finish()));
    })();
    for (const s of stamped) {
      this.#items.set(itemKey(s.change), s);
      this.#log.append(s.change, s.revision);
    }
  }

  head(): bigint {
    return this.#log.head();
  }

  /** Live (not deleted) items, optionally of one network. */
  live(network?: string): TopologyItem[] {
    const out: TopologyItem[] = [];
    for (const { change } of this.#items.values()) {
      if (change.deleted) continue;
      if (network !== undefined && itemNetwork(change) !== network) continue;
      out.push(change);
    }
    return out;
  }

  networks(): Network[] {
    return this.live().flatMap((i) => (i.item?.$case === 'network' ? [i.item.value] : []));
  }

  network(name: string): Network | undefined {
    const i = this.#items.get(`n/${name}`)?.change;
    return i && !i.deleted && i.item?.$case === 'network' ? i.item.value : undefined;
  }

  members(network?: string): Member[] {
    return this.live(network).flatMap((i) => (i.item?.$case === 'member' ? [i.item.value] : []));
  }

  links(network?: string): Link[] {
    return this.live(network).flatMap((i) => (i.item?.$case === 'link' ? [i.item.value] : []));
  }

  paths(network?: string): Path[] {
    return this.live(network).flatMap((i) => (i.item?.$case === 'path' ? [i.item.value] : []));
  }

  /** The topology as a WatchSource: latest state per key, so no revision is too old to resume from. */
  source(): WatchSource<TopologyItem, TopologyItem> {
    const after = (r: bigint) =>
      [...this.#items.values()].filter((s) => s.revision > r).sort((a, b) => (a.revision < b.revision ? -1 : 1));
    return {
      subscribe: (listener) => this.#log.subscribe(listener),
      head: () => this.#log.head(),
      snapshot: () => ({ revision: this.#log.head(), items: this.live() }),
      since: (revision) => after(revision),
    };
  }
}
