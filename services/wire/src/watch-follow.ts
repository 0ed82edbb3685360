/**
 * The client side of the one Watch contract (proto/paddock/watch/v1/watch.proto), for the
 * console, the CLI and the inventory's feeds alike: keep a stream open, reconnect with a
 * growing delay after any end or error, resume from the last revision applied, and treat a
 * stream that is silent for longer than a few PROGRESS intervals as dead (a peer that vanished
 * without closing its TCP connection never errors).
 */
import { type WatchEvent, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

/** The server sends PROGRESS every 5 s when idle: three missed ones mean the stream is dead. */
export const STALL_MS = 15_000;

export interface FollowState {
  /** True once a message arrived on the open stream; false while reconnecting. */
  live: boolean;
  /** Why the last stream ended, while reconnecting. */
  error?: string | undefined;
  /** How many times the stream has been re-opened. */
  reconnects: number;
}

/** A stream message; the Watch envelope is read when it has one (other streams just reconnect). */
export type Message = object & { watch?: WatchEvent | undefined };

export interface FollowOptions<M extends object> {
  open(fromRevision: bigint, signal: AbortSignal): AsyncIterable<M>;
  /** Applies one message (PROGRESS too); `resume` is the revision to resume from once it is applied. */
  apply(message: M, resume: bigint): void | Promise<void>;
  signal: AbortSignal;
  /** Where to resume at each (re)connect; default: the last `resume` applied (`start` at first). */
  from?: () => bigint;
  /** The revision to start after (default 0n: a snapshot). */
  start?: bigint;
  stallMs?: number;
  onState?(state: FollowState): void;
  backoffMs?(failures: number): number;
}

/** The revision to resume from after `e`, given the one before: a RESET starts over from 0. */
export function resumeAfter(e: WatchEvent | undefined, before: bigint): bigint {
  switch (e?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return 0n;
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE:
      return e.revision;
    case WatchEventKind.WATCH_EVENT_KIND_PROGRESS:
      // Only once synced: a PROGRESS never comes mid-snapshot, but a resume point of 0 stays 0.
      return before === 0n ? 0n : e.revision;
    default:
      return before;
  }
}

/** Delay before reconnect attempt n (1-based): 0.5 s, 1 s, 2 s, … up to 10 s. */
export const followBackoffMs = (failures: number) => Math.min(10_000, 500 * 2 ** Math.max(0, failures - 1));

/** Follows the stream until `signal` aborts; never throws. */
export async function followWatch<M extends object>(o: FollowOptions<M>): Promise<void> {
  const state: FollowState = { live: false, reconnects: 0 };
  let resume = o.start ?? 0n;
  for (let failures = 0; !o.signal.aborted; ) {
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    o.signal.addEventListener('abort', stop, { once: true });
    const stallMs = o.stallMs ?? STALL_MS;
    let stalled = false;
    let timer = setTimeout(onStall, stallMs);
    function onStall() {
      stalled = true;
      attempt.abort();
    }
    try {
      resume = o.from?.() ?? resume;
      for await (const m of o.open(resume, attempt.signal)) {
        clearTimeout(timer);
        timer = setTimeout(onStall, stallMs);
        resume = resumeAfter((m as Message).watch, resume);
        await o.apply(m, resume);
        if (!state.live) {
          failures = 0;
          Object.assign(state, { live: true, error: undefined });
          o.onState?.({ ...state });
        }
      }
      throw new Error('the server closed the stream');
    } catch (err) {
      if (o.signal.aborted) break;
      failures++;
      const error = stalled ? `no message for ${stallMs / 1000} s` : messageOf(err);
      Object.assign(state, { live: false, error, reconnects: state.reconnects + 1 });
      o.onState?.({ ...state });
      await sleep((o.backoffMs ?? followBackoffMs)(failures), o.signal);
    } finally {
      clearTimeout(timer);
      o.signal.removeEventListener('abort', stop);
      attempt.abort();
    }
  }
}

function messageOf(err: unknown): string {
  const details = (err as { details?: unknown })?.details;
  if (typeof details === 'string' && details) return details;
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
