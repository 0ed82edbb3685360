import { BootEventKind, type WatchEventsResponse } from '@paddock/proto/boot/v1/boot.ts';
import { WatchEventKind as K } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { applyBootEvent, emptyTimeline, machinesByActivity } from './timeline.ts';

const mark = (kind: K, revision: bigint): WatchEventsResponse => ({ watch: { kind, revision, resetReason: 0 } });
const ev = (revision: number, mac: string): WatchEventsResponse => ({
  ...mark(K.WATCH_EVENT_KIND_CHANGE, BigInt(revision)),
  event: {
    revision: BigInt(revision),
    timeUnixMs: 0n,
    mac,
    ip: '',
    kind: BootEventKind.BOOT_EVENT_KIND_HTTP_FETCH,
    file: 'f',
    bytes: 0n,
    durationMs: 0,
    detail: '',
    rule: '',
    report: '',
  },
});

describe('boot timeline', () => {
  it('groups events per machine, most recently active machine first', () => {
    let t = emptyTimeline();
    for (const m of [ev(1, 'a'), ev(2, 'b'), ev(3, 'a')]) t = applyBootEvent(t, m);
    expect(machinesByActivity(t).map(([mac, list]) => [mac, list.map((e) => Number(e.revision))])).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
    expect(t.revision).toBe(3n);
  });

  it('ignores replayed revisions and markers, so a reconnect adds no duplicates; RESET starts over', () => {
    let t = applyBootEvent(applyBootEvent(emptyTimeline(), ev(1, 'a')), ev(2, 'a'));
    const before = t;
    t = applyBootEvent(t, ev(2, 'a'));
    t = applyBootEvent(t, mark(K.WATCH_EVENT_KIND_SYNCED, 2n));
    t = applyBootEvent(t, mark(K.WATCH_EVENT_KIND_PROGRESS, 2n));
    expect(t).toBe(before);
    expect(applyBootEvent(t, mark(K.WATCH_EVENT_KIND_RESET, 9n))).toEqual(emptyTimeline());
  });
});
