/**
 * What a service hands to watch(): where its state, its recent changes and its live changes
 * come from. Every method is synchronous, so that watch() can subscribe and then read the
 * state in one step with no commit slipping between them.
 */

/** One change and the revision it was committed at. Revisions only grow. */
export interface Revisioned<C> {
  revision: bigint;
  change: C;
}

export interface WatchSource<S, C> {
  /** Calls `listener` with each change committed from now on, in revision order. */
  subscribe(listener: (c: Revisioned<C>) => void): () => void;
  /** The whole current state and the revision it is current at. */
  snapshot(): { revision: bigint; items: Iterable<S> };
  /** The revision of the last committed change (0n when none). */
  head(): bigint;
  /**
   * The changes after `revision`, oldest first, up to now; undefined when they are no longer
   * all kept (compacted). A state-keyed source may give only the latest change per key.
   */
  since(revision: bigint): Iterable<Revisioned<C>> | undefined;
}

export type Listener<C> = (c: Revisioned<C>) => void;
