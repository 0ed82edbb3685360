import { WatchLeasesEventType, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { PaddockError } from '@paddock/runtime';
import type { Lease } from '../leases/lease.ts';
import type { LeaseTable } from '../leases/lease-table.ts';
import { leaseToProto } from './convert.ts';
import { EventQueue } from './event-queue.ts';

/** Events a watcher may fall behind by before it is cut off (and told to resume). */
const WATCH_BACKLOG = 10_000;

/**
 * WatchLeases: every committed lease changed after `from` (all of them when 0) in revision
 * order, one SYNCED marker carrying the head revision, then each commit as it happens.
 * Subscribing before reading the snapshot, and skipping live events at or below the head,
 * gives neither gaps nor duplicates. Rows changed in memory but not yet committed are left
 * out of the snapshot; their commit arrives as a live event.
 */
export async function* watchLeases(
  table: LeaseTable,
  from: number,
  signal: AbortSignal,
  now: () => number = Date.now,
): AsyncGenerator<WatchLeasesResponse> {
  const queue = new EventQueue<Lease>(WATCH_BACKLOG);
  const unsubscribe = table.subscribe((l) => queue.push({ ...l }));
  const stop = () => queue.close();
  signal.addEventListener('abort', stop, { once: true });
  try {
    const head = table.revision;
    if (from > head) {
      throw new PaddockError(
        'failedPrecondition',
        `from_revision ${from} is ahead of this server (at ${head}): start again from 0`,
      );
    }
    const snapshot = [...table.values()]
      .filter((l) => l.revision > from && l.revision <= head)
      .sort((a, b) => a.revision - b.revision);
    for (const l of snapshot) yield event(l, now());
    yield { type: WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_SYNCED, revision: BigInt(head) };
    for await (const l of queue) {
      if (l.revision > head) yield event(l, now());
    }
    if (queue.overflowed) {
      throw new PaddockError('resourceExhausted', 'this watcher fell too far behind; resume with from_revision');
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', stop);
  }
}

function event(l: Lease, now: number): WatchLeasesResponse {
  return {
    type: WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_LEASE,
    revision: BigInt(l.revision),
    lease: leaseToProto(l, now),
  };
}
