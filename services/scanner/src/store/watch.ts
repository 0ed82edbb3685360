/**
 * The shape every Watch RPC shares: the current state first (RESET, one SNAPSHOT per item,
 * SYNCED), or, when the client names a revision this log can still replay, the events after
 * it; then each new event. Every message carries a revision; a client that keeps the last one
 * it saw resumes without gaps or duplicates. Subscribing and reading the state happen in one
 * synchronous step, so nothing slips between them. A client too slow to keep up is cut off
 * with a message saying where to resume, rather than queueing without bound.
 */
import { PaddockError } from '@paddock/runtime';
import type { EventLog, Logged } from './event-log.ts';

export interface WatchShape<T, M> {
  log: EventLog<T>;
  fromRevision: number;
  signal: AbortSignal;
  /** The current state, as SNAPSHOT messages stamped with `revision`. */
  snapshot(revision: number): M[];
  marker(kind: 'reset' | 'synced', revision: number): M;
  toMessage(e: Logged<T>): M;
  /** Events a slow client may fall behind by (default 10 000). */
  limit?: number;
}

export async function* watchLog<T, M>(w: WatchShape<T, M>): AsyncGenerator<M> {
  const queue: Logged<T>[] = [];
  let wake: (() => void) | undefined;
  let overflowAt: number | undefined;
  const unsubscribe = w.log.subscribe((e) => {
    if (queue.length >= (w.limit ?? 10_000)) overflowAt ??= e.revision;
    else queue.push(e);
    wake?.();
  });
  const onAbort = () => wake?.();
  w.signal.addEventListener('abort', onAbort);
  try {
    const head = w.log.head();
    const replay = w.fromRevision > 0 ? w.log.since(w.fromRevision) : undefined;
    let last = head;
    if (replay) {
      for (const e of replay) yield w.toMessage(e);
      last = Math.max(w.fromRevision, ...replay.map((e) => e.revision));
    } else {
      yield w.marker('reset', head);
      for (const m of w.snapshot(head)) yield m;
    }
    yield w.marker('synced', last);
    while (!w.signal.aborted) {
      const e = queue.shift();
      if (e) {
        if (e.revision > last) {
          last = e.revision;
          yield w.toMessage(e);
        }
        continue;
      }
      if (overflowAt !== undefined) {
        throw new PaddockError('resourceExhausted', `this watch fell behind; resume from revision ${last}`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    w.signal.removeEventListener('abort', onAbort);
  }
}
