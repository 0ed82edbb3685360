import { setTimeout as sleep } from 'node:timers/promises';
import type { Inventory } from '../core/inventory.ts';
import { applyObservation } from '../core/observe.ts';
import type { FeedSource } from './feed.ts';

export interface FeedStatus {
  name: string;
  connected: boolean;
  /** Events applied since start. */
  applied: number;
  lastError: string;
}

/**
 * Follows one stream for as long as the server runs: opens it from the cursor stored for it,
 * applies each event together with its new cursor (one commit), and after any failure (the
 * other service restarting, not yet started) waits with a growing delay and opens it again
 * from the stored cursor. That cursor is the only state, so a restart of either side neither
 * loses nor repeats an event.
 */
export async function runFeed<E>(
  inv: Inventory,
  source: FeedSource<E>,
  signal: AbortSignal,
  onStatus: (s: FeedStatus) => void = () => {},
  onApplied: (cursor: bigint) => void = () => {},
): Promise<void> {
  const status: FeedStatus = { name: source.name, connected: false, applied: 0, lastError: '' };
  let warned = '';
  for (let failures = 0; !signal.aborted; ) {
    const from = inv.store.cursor(source.name);
    const read = source.reader();
    try {
      for await (const event of source.open(from, signal)) {
        if (!status.connected) {
          status.connected = true;
          status.lastError = '';
          failures = 0;
          onStatus({ ...status });
          inv.log.info({ feed: source.name, from: String(from) }, 'feed connected');
        }
        const step = read(event);
        if (!step.observation && step.cursor === undefined) continue;
        applyObservation(
          inv,
          step.observation,
          step.cursor === undefined ? undefined : { feed: source.name, revision: step.cursor },
        );
        status.applied++;
        onApplied(inv.store.cursor(source.name));
      }
      throw new Error('the stream ended');
    } catch (err) {
      if (signal.aborted) break;
      failures++;
      const message = (err as { details?: string }).details || (err as Error).message;
      // In `paddock up` the first tries come before this server's run file exists: not news.
      if (status.connected || (failures >= 3 && warned !== message)) {
        inv.log.warn({ feed: source.name, err: message }, 'feed interrupted; will resume from its cursor');
        warned = message;
      }
      status.connected = false;
      status.lastError = message;
      onStatus({ ...status });
      await sleep(Math.min(10_000, 250 * 2 ** Math.min(6, failures - 1)), undefined, { signal }).catch(() => {});
    }
  }
}
