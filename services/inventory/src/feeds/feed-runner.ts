import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { followWatch } from '@paddock/wire';
import type { Inventory } from '../core/inventory.ts';
import { applyObservation } from '../core/observe.ts';
import type { FeedSource, Watched } from './feed.ts';

export interface FeedStatus {
  name: string;
  connected: boolean;
  /** Events applied since start. */
  applied: number;
  lastError: string;
}

const backoffMs = (failures: number) => Math.min(10_000, 250 * 2 ** Math.min(6, failures - 1));

/**
 * Follows one stream for as long as the server runs, with the Watch reader the console and
 * the CLI use: opens it from the cursor stored for it, applies each event together with its
 * new cursor (one commit), and after any failure or a silent stream (no PROGRESS) waits with a
 * growing delay and opens it again from the stored cursor. That cursor is the only state, so a
 * restart of either side neither loses nor repeats an event.
 */
export async function runFeed<M extends Watched>(
  inv: Inventory,
  source: FeedSource<M>,
  signal: AbortSignal,
  onStatus: (s: FeedStatus) => void = () => {},
  onApplied: (cursor: bigint) => void = () => {},
  stallMs?: number,
): Promise<void> {
  const status: FeedStatus = { name: source.name, connected: false, applied: 0, lastError: '' };
  const cursor = () => inv.store.cursor(source.name);
  let warned = '';
  let failures = 0;
  await followWatch({
    open: (from, s) => {
      inv.log.debug({ feed: source.name, from: String(from) }, 'feed opening');
      return source.open(from, s);
    },
    from: cursor,
    signal,
    stallMs,
    backoffMs,
    apply: (m, resume) => {
      const kind = m.watch?.kind;
      const item = kind === WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT || kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE;
      const observation = item ? source.observe(m) : undefined;
      const next = (item && source.resumeAt?.(m)) || resume;
      const moved = next !== cursor();
      if (!observation && !moved) return;
      applyObservation(inv, observation, moved ? { feed: source.name, revision: next } : undefined);
      status.applied++;
      onApplied(cursor());
    },
    onState: (s) => {
      if (s.live) {
        failures = 0;
        Object.assign(status, { connected: true, lastError: '' });
        inv.log.info({ feed: source.name, from: String(cursor()) }, 'feed connected');
      } else {
        failures++;
        const message = s.error ?? '';
        // In `paddock up` the first tries come before this server's run file exists: not news.
        if (status.connected || (failures >= 3 && warned !== message)) {
          inv.log.warn({ feed: source.name, err: message }, 'feed interrupted; will resume from its cursor');
          warned = message;
        }
        Object.assign(status, { connected: false, lastError: message });
      }
      onStatus({ ...status });
    },
  });
}
