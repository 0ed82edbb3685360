import { setTimeout as sleep } from 'node:timers/promises';
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
}

const RETRY: RetryDelays = { firstMs: 250, maxMs: 10_000 };

/**
 * Keeps `cache` following the inventory until `signal` aborts: opens the stream from the
 * cache's revision (so a reconnect replays only what it missed, or gets a fresh snapshot when
 * that is no longer kept), and after any failure waits a growing delay and opens it again.
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
  while (!signal.aborted) {
    try {
      for await (const event of feed(cache.revision, signal)) {
        cache.apply(event);
        if (event.kind === 'synced' && !status.connected) {
          Object.assign(status, { connected: true, lastError: '', failures: 0 });
          onStatus({ ...status });
        }
      }
      throw new Error('the inventory ended the stream');
    } catch (err) {
      cache.interrupted();
      if (signal.aborted) break;
      const message = (err as { details?: string }).details || (err as Error).message;
      Object.assign(status, { connected: false, lastError: message, failures: status.failures + 1 });
      onStatus({ ...status });
      const delay = Math.min(retry.maxMs, retry.firstMs * 2 ** Math.min(10, status.failures - 1));
      await sleep(delay, undefined, { signal }).catch(() => {});
    }
  }
}
