import { followWatch } from '@paddock/wire';
import type { NodeCache, NodeFeed } from './node-cache.ts';

export interface FollowStatus {
  /** True from SYNCED (the cache is current) until the stream breaks. */
  connected: boolean;
  /** Why the last attempt failed; '' once connected. */
  lastError: string;
  failures: number;
}

export interface RetryDelays {
  firstMs: number;
  maxMs: number;
  /** A stream silent this long (no PROGRESS) is taken as dead; default the Watch reader's. */
  stallMs?: number;
}

const RETRY: RetryDelays = { firstMs: 250, maxMs: 10_000 };

/**
 * Keeps `cache` following the inventory until `signal` aborts, with the Watch reader the
 * console, the CLI and the inventory's feeds use: opens the stream from the cache's revision (so
 * a reconnect replays only what it missed, or gets a fresh snapshot when that is no longer
 * kept), and after any failure or a silent stream waits a growing delay and opens it again.
 * Nothing here is awaited by a lookup: DHCP answers read the cache as it is.
 */
export async function followNodes(
  cache: NodeCache,
  feed: NodeFeed,
  signal: AbortSignal,
  onStatus: (s: FollowStatus) => void = () => {},
  retry: RetryDelays = RETRY,
): Promise<void> {
  const status: FollowStatus = { connected: false, lastError: '', failures: 0 };
  await followWatch({
    open: feed,
    from: () => cache.revision,
    signal,
    stallMs: retry.stallMs,
    backoffMs: (failures) => Math.min(retry.maxMs, retry.firstMs * 2 ** Math.min(10, failures - 1)),
    apply: (event) => {
      cache.apply(event);
      // Connected means the cache is current, which the first message alone does not say.
      if (event.kind === 'synced' && !status.connected) {
        Object.assign(status, { connected: true, lastError: '', failures: 0 });
        onStatus({ ...status });
      }
    },
    onState: (s) => {
      if (s.live) return;
      cache.interrupted();
      Object.assign(status, { connected: false, lastError: s.error ?? '', failures: status.failures + 1 });
      onStatus({ ...status });
    },
  });
  cache.interrupted();
}
