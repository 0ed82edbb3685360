import type { WatchEvent } from '@paddock/proto/watch/v1/watch.ts';
import type { Observation } from '../model/observation.ts';

/** Any Watch response: the shared envelope, then the service's payload. */
export interface Watched {
  watch?: WatchEvent | undefined;
}

/**
 * A stream to follow, as a thin mapping over the one Watch contract: how to open it from a
 * revision and what its SNAPSHOT and CHANGE messages tell about machines. Where to resume is
 * the envelope's business (see feed-runner.ts), the same for every feed.
 */
export interface FeedSource<M extends Watched> {
  /** The cursor's name in the store ("dhcp", "boot", "scanner-nodes", "scanner-wakes"). */
  name: string;
  open(fromRevision: bigint, signal: AbortSignal): AsyncIterable<M>;
  /** What one SNAPSHOT or CHANGE message tells about a machine; undefined when nothing. */
  observe(message: M): Observation | undefined;
  /**
   * For a stream whose snapshot is itself an ordered history (boot events), the revision each
   * item may be resumed after, so a restart part way through repeats none of it.
   */
  resumeAt?(message: M): bigint | undefined;
}
