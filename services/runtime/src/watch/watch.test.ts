import { ResetReason, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { RevisionLog } from './revision-log.ts';
import type { Revisioned } from './source.ts';
import { type WatchItem, type WatchOptions, watch } from './watch.ts';

/** A keyed store: the state, and its changes in a RevisionLog. */
function things(retain = 100) {
  const state = new Map<string, string>();
  const log = new RevisionLog<string>({ retain });
  const put = (key: string) => {
    state.set(key, key);
    log.append(key);
  };
  return { state, log, put, source: log.source(() => [...state.values()]) };
}

const KIND = Object.fromEntries(
  Object.entries(WatchEventKind).map(([k, v]) => [v, k.replace('WATCH_EVENT_KIND_', '')]),
);

const label = (e: WatchItem<string, string>) => {
  const kind = KIND[e.watch.kind]!.toLowerCase();
  const payload = e.snapshot ?? e.change;
  return `${kind}:${e.watch.revision}${payload === undefined ? '' : `:${payload}`}`;
};

/** Reads the next `n` events, leaving the stream open. */
async function take(gen: AsyncGenerator<WatchItem<string, string>>, n: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < n) {
    const next = await gen.next();
    if (next.done) break;
    out.push(label(next.value));
  }
  return out;
}

const opts = (fromRevision: bigint, extra: Partial<WatchOptions> = {}): WatchOptions => ({
  fromRevision,
  signal: new AbortController().signal,
  ...extra,
});
const tick = () => new Promise((r) => setTimeout(r, 1));

describe('watch', () => {
  it('sends RESET, the state, SYNCED, then each change', async () => {
    const t = things();
    t.put('a');
    const events = take(watch(t.source, opts(0n)), 5);
    await tick();
    t.put('b');
    t.put('c');
    expect(await events).toEqual(['reset:1', 'snapshot:1:a', 'synced:1', 'change:2:b', 'change:3:c']);
  });

  it('resumes after a revision without gaps or repeats, even while writes continue', async () => {
    const t = things();
    for (const k of ['a', 'b', 'c']) t.put(k);
    const gen = watch(t.source, opts(1n));
    const first = await gen.next();
    // A write lands after the replay was read and before the live part starts.
    t.put('d');
    const rest = await take(gen, 3);
    expect([label(first.value as WatchItem<string, string>), ...rest]).toEqual([
      'change:2:b',
      'change:3:c',
      'synced:3',
      'change:4:d',
    ]);
  });

  it('starts over with RESET (compacted) when the revision is no longer kept', async () => {
    const t = things(2);
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) t.put(k);
    const out = await take(watch(t.source, opts(1n)), 2);
    expect(out[0]).toBe('reset:6');
    const reset = await watch(t.source, opts(1n)).next();
    expect((reset.value as WatchItem<string, string>).watch.resetReason).toBe(ResetReason.RESET_REASON_COMPACTED);
  });

  it('starts over with RESET (ahead) when the client names a revision the server never had', async () => {
    const t = things();
    t.put('a');
    const first = (await watch(t.source, opts(9n)).next()).value as WatchItem<string, string>;
    expect([label(first), first.watch.resetReason]).toEqual(['reset:1', ResetReason.RESET_REASON_AHEAD]);
  });

  it('resumes from a store after a restart, when memory no longer holds the changes', async () => {
    const history: Revisioned<string>[] = [
      { revision: 1n, change: 'a' },
      { revision: 2n, change: 'b' },
    ];
    const log = new RevisionLog<string>({ head: 2n });
    const source = log.source(
      () => ['a', 'b'],
      (r) => history.filter((c) => c.revision > r),
    );
    const events = take(watch(source, opts(1n)), 3);
    await tick();
    log.append('c');
    expect(await events).toEqual(['change:2:b', 'synced:2', 'change:3:c']);
  });

  it('catches a slow client up from the kept changes, losing and repeating nothing', async () => {
    const t = things(1000);
    t.put('a');
    const gen = watch(t.source, opts(0n, { maxPending: 3 }));
    expect(await take(gen, 3)).toEqual(['reset:1', 'snapshot:1:a', 'synced:1']);
    for (let i = 0; i < 10; i++) t.put(`k${i}`);
    const out = await take(gen, 10);
    expect(out).toEqual(Array.from({ length: 10 }, (_, i) => `change:${i + 2}:k${i}`));
  });

  it('sends a slow client RESET (too slow) and a new snapshot when the changes it missed are gone', async () => {
    const t = things(2);
    t.put('a');
    const gen = watch(t.source, opts(0n, { maxPending: 3 }));
    await take(gen, 3);
    for (const k of ['b', 'c', 'd', 'e', 'f', 'g']) t.put(k);
    const reset = (await gen.next()).value as WatchItem<string, string>;
    expect([label(reset), reset.watch.resetReason]).toEqual(['reset:7', ResetReason.RESET_REASON_TOO_SLOW]);
    const rest = await take(gen, 8);
    expect(rest).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => `snapshot:7:${k}`).concat('synced:7'));
  });

  it('sends PROGRESS on an idle stream', async () => {
    const t = things();
    t.put('a');
    expect(await take(watch(t.source, opts(0n, { progressMs: 20 })), 5)).toEqual([
      'reset:1',
      'snapshot:1:a',
      'synced:1',
      'progress:1',
      'progress:1',
    ]);
  });

  it('ends and unsubscribes when the call is cancelled', async () => {
    const t = things();
    const stop = new AbortController();
    const gen = watch(t.source, opts(0n, { signal: stop.signal }));
    const all = (async () => {
      const out: string[] = [];
      for await (const e of gen) out.push(label(e));
      return out;
    })();
    await tick();
    expect(t.log.watchers).toBe(1);
    stop.abort();
    expect(await all).toEqual(['reset:0', 'synced:0']);
    expect(t.log.watchers).toBe(0);
  });
});

describe('RevisionLog', () => {
  it('keeps the newest changes and says when older ones are gone', () => {
    const log = new RevisionLog<string>({ retain: 2 });
    for (const k of ['a', 'b', 'c', 'd', 'e']) log.append(k);
    expect(log.since(3n)?.map((c) => c.change)).toEqual(['d', 'e']);
    expect(log.since(2n)).toBeUndefined();
    expect(log.since(5n)).toEqual([]);
    expect(log.since(6n)).toBeUndefined();
    expect(() => log.append('x', 5n)).toThrow(RangeError);
  });
});
