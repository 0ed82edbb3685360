import type { Listener, Revisioned, WatchSource } from './source.ts';

export interface RevisionLogOptions {
  /** How many recent changes are kept for clients resuming (default 10 000). */
  retain?: number;
  /** The revision the log starts at, e.g. the store's head after a restart (default 0n). */
  head?: bigint;
}

/**
 * The recent changes of one stream, with their revisions, and their fan-out to live watchers.
 * A service appends each committed change (with the revision its store gave it, or the next
 * one); watch() reads `since` to resume a client and `subscribe` to follow. Changes older than
 * the newest `retain` are dropped: a client asking for those gets a snapshot instead. Services
 * whose history is persisted can answer `since` from their store for older revisions.
 */
export class RevisionLog<C> {
  readonly #retain: number;
  readonly #entries: Revisioned<C>[] = [];
  readonly #listeners = new Set<Listener<C>>();
  #head: bigint;
  /** Every change at or below this revision is gone from memory. */
  #compacted: bigint;

  constructor(opts: RevisionLogOptions = {}) {
    this.#retain = Math.max(1, opts.retain ?? 10_000);
    this.#head = opts.head ?? 0n;
    this.#compacted = this.#head;
  }

  head(): bigint {
    return this.#head;
  }

  /** Records a change (at `revision`, or the next one) and tells every watcher. */
  append(change: C, revision: bigint = this.#head + 1n): Revisioned<C> {
    if (revision <= this.#head) throw new RangeError(`revision ${revision} is not after ${this.#head}`);
    const entry = { revision, change };
    this.#head = revision;
    this.#entries.push(entry);
    if (this.#entries.length > this.#retain * 2) this.#compact();
    for (const listener of [...this.#listeners]) listener(entry);
    return entry;
  }

  /** Changes after `revision`, oldest first; undefined when some were compacted away or it is ahead. */
  since(revision: bigint): Revisioned<C>[] | undefined {
    if (revision > this.#head) return undefined;
    if (this.#entries.length > this.#retain) this.#compact();
    if (revision < this.#compacted) return undefined;
    const first = this.#entries.findIndex((e) => e.revision > revision);
    return first < 0 ? [] : this.#entries.slice(first);
  }

  subscribe(listener: Listener<C>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The WatchSource for watch(): this log's changes, the state `items()` returns (read at the
   * log's head), and for revisions older than memory holds, the store's `history` if it has one.
   */
  source<S>(
    items: () => Iterable<S>,
    history?: (revision: bigint) => Iterable<Revisioned<C>> | undefined,
  ): WatchSource<S, C> {
    return {
      subscribe: (listener) => this.subscribe(listener),
      head: () => this.#head,
      snapshot: () => ({ revision: this.#head, items: items() }),
      since: (revision) => this.since(revision) ?? (revision <= this.#head ? history?.(revision) : undefined),
    };
  }

  /** Live watchers, for metrics and tests. */
  get watchers(): number {
    return this.#listeners.size;
  }

  // Amortised: the array is cut back to `retain` only once it has grown to twice that.
  #compact(): void {
    const drop = this.#entries.length - this.#retain;
    if (drop <= 0) return;
    this.#compacted = this.#entries[drop - 1]!.revision;
    this.#entries.splice(0, drop);
  }
}
