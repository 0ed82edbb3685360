import { type WatchEvent, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { type FollowState, followBackoffMs, followWatch, resumeAfter } from './watch-follow.ts';

const K = WatchEventKind;
const ev = (kind: WatchEventKind, revision: bigint): { watch: WatchEvent } => ({
  watch: { kind, revision, resetReason: 0 },
});

describe('resumeAfter', () => {
  it('moves on SYNCED and CHANGE, starts over on RESET, holds during a snapshot', () => {
    let r = 7n;
    const seen: bigint[] = [];
    for (const [kind, rev] of [
      [K.WATCH_EVENT_KIND_RESET, 9n],
      [K.WATCH_EVENT_KIND_SNAPSHOT, 9n],
      [K.WATCH_EVENT_KIND_PROGRESS, 9n],
      [K.WATCH_EVENT_KIND_SYNCED, 9n],
      [K.WATCH_EVENT_KIND_CHANGE, 10n],
      [K.WATCH_EVENT_KIND_PROGRESS, 10n],
    ] as const) {
      r = resumeAfter(ev(kind, rev).watch, r);
      seen.push(r);
    }
    expect(seen).toEqual([0n, 0n, 0n, 9n, 10n, 10n]);
  });
});

describe('followWatch', () => {
  it('waits from half a second, doubling, up to 10 s between reconnects', () => {
    expect([1, 2, 3, 4, 10].map(followBackoffMs)).toEqual([500, 1000, 2000, 4000, 10_000]);
  });

  it('returns at once when stopped while waiting to reconnect', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const following = followWatch({
      signal: stop.signal,
      backoffMs: () => 60_000,
      // biome-ignore lint/correctness/useYield: a stream that fails before its first message
      async *open() {
        throw new Error('refused');
      },
      apply: () => {},
      onState: () => stop.abort(),
    });
    await following;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reopens from the last revision applied after a drop and after a stall', async () => {
    const opens: bigint[] = [];
    const applied: bigint[] = [];
    const states: FollowState[] = [];
    const stop = new AbortController();
    await followWatch({
      signal: stop.signal,
      stallMs: 50,
      backoffMs: () => 1,
      onState: (s) => states.push(s),
      async *open(from, signal) {
        opens.push(from);
        if (from === 0n) {
          yield ev(K.WATCH_EVENT_KIND_SYNCED, 2n);
          yield ev(K.WATCH_EVENT_KIND_CHANGE, 3n);
          throw new Error('connection reset');
        }
        if (from === 3n) {
          yield ev(K.WATCH_EVENT_KIND_CHANGE, 4n);
          // Silent from here on, as a peer that vanished: only the stall timer ends this.
          await new Promise((r) => signal.addEventListener('abort', r));
          throw new Error('aborted');
        }
        yield ev(K.WATCH_EVENT_KIND_SYNCED, from);
        stop.abort();
      },
      apply: (m) => {
        applied.push(m.watch.revision);
      },
    });
    expect(opens).toEqual([0n, 3n, 4n]);
    expect(applied).toEqual([2n, 3n, 4n, 4n]);
    expect(states.filter((s) => !s.live).map((s) => s.error)).toEqual(['connection reset', 'no message for 0.05 s']);
  });
});
