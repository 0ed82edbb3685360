import type { Observation } from '../model/observation.ts';

/**
 * One event of a watched stream, read: what it tells about a machine, and the revision to
 * resume from once its effect is stored. Events of a snapshot carry no cursor (a crash half
 * way through must replay the whole snapshot); the SYNCED marker after it does.
 */
export interface FeedStep {
  observation?: Observation;
  cursor?: bigint;
}

/** A stream to follow: how to open it from a revision, and how to read its events. */
export interface FeedSource<E> {
  /** The cursor's name in the store ("dhcp", "boot", "scanner-nodes", "scanner-wakes"). */
  name: string;
  open(fromRevision: bigint, signal: AbortSignal): AsyncIterable<E>;
  /** A fresh reader per opened stream (it may keep state, such as "past the snapshot yet"). */
  reader(): (event: E) => FeedStep;
}
