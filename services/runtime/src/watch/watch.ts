/**
 * The server side of the one Watch contract (proto/paddock/watch/v1/watch.proto). A service's
 * Watch RPC is a few lines:
 *
 *   async *watchThings(req, ctx) {
 *     for await (const e of watch(things.source, { fromRevision: fromRevisionOf(req), signal: ctx.signal }))
 *       yield { watch: e.watch, thing: toProto(e.snapshot ?? e.change) };
 *   },
 *
 * where `things.source` is a WatchSource (source.ts): usually a RevisionLog the service appends
 * each committed change to, plus a snapshot of its state and, for resuming across restarts,
 * `since` answered from its store.
 *
 * Order: subscribe first, then read the state (synchronously), so a change committed meanwhile
 * waits in the buffer; revisions already sent are skipped, so nothing is lost or repeated.
 */
import { ResetReason, type WatchEvent, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import type { Revisioned, WatchSource } from './source.ts';

export interface WatchOptions {
  /** The revision of the last event the client applied; 0n for a snapshot. */
  fromRevision: bigint;
  /** The call's signal: the stream ends when it aborts. */
  signal: AbortSignal;
  /**
   * Changes held for a client that reads more slowly than they come (default 10 000). Past
   * that the buffer is dropped and the client is caught up from the source's kept changes, or
   * sent RESET (too slow) and a new snapshot when those no longer reach back far enough.
   */
  maxPending?: number;
  /** A PROGRESS event is sent after this long without any other (default 5000 ms). */
  progressMs?: number;
}

/** One message of a Watch stream: the shared envelope and, for SNAPSHOT or CHANGE, the payload. */
export interface WatchItem<S, C> {
  watch: WatchEvent;
  snapshot?: S;
  change?: C;
}

export const PROGRESS_MS = 5000;
const MAX_PENDING = 10_000;

const event = (
  kind: WatchEventKind,
  revision: bigint,
  resetReason: ResetReason = ResetReason.RESET_REASON_UNSPECIFIED,
) => ({ kind, revision, resetReason }) satisfies WatchEvent;

export async function* watch<S, C>(source: WatchSource<S, C>, opts: WatchOptions): AsyncGenerator<WatchItem<S, C>> {
  const max = opts.maxPending ?? MAX_PENDING;
  const progressMs = opts.progressMs ?? PROGRESS_MS;
  let pending: Revisioned<C>[] = [];
  let overflowed = false;
  let wake: (() => void) | undefined;
  const unsubscribe = source.subscribe((c) => {
    if (overflowed) return;
    if (pending.length >= max) {
      overflowed = true;
      pending = [];
    } else pending.push(c);
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal.addEventListener('abort', onAbort);
  try {
    let last = 0n;
    // Replays the kept changes after `last` (when `replay`), or else sends RESET and a fresh
    // snapshot; returns whether it reset. Both reads are synchronous, right after subscribing
    // or after dropping the buffer, so the buffer holds everything that comes after them.
    function* catchUp(reason: ResetReason, replay: boolean): Generator<WatchItem<S, C>, boolean> {
      const changes = replay ? source.since(last) : undefined;
      if (changes) {
        for (const c of [...changes]) {
          if (c.revision <= last) continue;
          last = c.revision;
          yield { watch: event(WatchEventKind.WATCH_EVENT_KIND_CHANGE, c.revision), change: c.change };
        }
        return false;
      }
      const snap = source.snapshot();
      const items = [...snap.items];
      last = snap.revision;
      yield { watch: event(WatchEventKind.WATCH_EVENT_KIND_RESET, last, reason) };
      for (const item of items) yield { watch: event(WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, last), snapshot: item };
      return true;
    }

    const from = opts.fromRevision;
    if (from === 0n) yield* catchUp(ResetReason.RESET_REASON_INITIAL, false);
    else if (from > source.head()) yield* catchUp(ResetReason.RESET_REASON_AHEAD, false);
    else {
      last = from;
      yield* catchUp(ResetReason.RESET_REASON_COMPACTED, true);
    }
    yield { watch: event(WatchEventKind.WATCH_EVENT_KIND_SYNCED, last) };

    while (!opts.signal.aborted) {
      if (overflowed) {
        overflowed = false;
        if (yield* catchUp(ResetReason.RESET_REASON_TOO_SLOW, true))
          yield { watch: event(WatchEventKind.WATCH_EVENT_KIND_SYNCED, last) };
        continue;
      }
      const next = pending.shift();
      if (next) {
        if (next.revision <= last) continue;
        last = next.revision;
        yield { watch: event(WatchEventKind.WATCH_EVENT_KIND_CHANGE, last), change: next.change };
        continue;
      }
      if (await idle(progressMs, (w) => (wake = w)))
        yield { watch: event(WatchEventKind.WATCH_EVENT_KIND_PROGRESS, last) };
      wake = undefined;
    }
  } finally {
    unsubscribe();
    opts.signal.removeEventListener('abort', onAbort);
  }
}

/** Waits for a wake-up or `ms`; true when the time ran out. */
function idle(ms: number, setWake: (wake: () => void) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    setWake(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** The from_revision of any Watch request (`{ watch: { fromRevision } }`); 0n when absent. */
export function fromRevisionOf(request: { watch?: { fromRevision: bigint } | undefined }): bigint {
  return request.watch?.fromRevision ?? 0n;
}
