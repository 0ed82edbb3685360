import type { Link, Member, TopologyItem } from '@paddock/proto/overlay/v1/overlay.ts';
import { ResetReason, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { applyTopologyEvent, EMPTY_TOPOLOGY, ofNetwork } from './topology-state.ts';

const member = (network: string, name: string, publicEndpoint = '') =>
  ({ network, name, address: '', publicEndpoint }) as Member;
const link = (from: string, to: string, up: boolean) => ({ network: 'lab', from, to, up, latencyUs: 300 }) as Link;
const ev = (kind: WatchEventKind, revision: number, item?: TopologyItem) => ({
  watch: { kind, revision: BigInt(revision), resetReason: ResetReason.RESET_REASON_UNSPECIFIED },
  item,
});
const { RESET, SNAPSHOT, SYNCED, CHANGE } = {
  RESET: WatchEventKind.WATCH_EVENT_KIND_RESET,
  SNAPSHOT: WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT,
  SYNCED: WatchEventKind.WATCH_EVENT_KIND_SYNCED,
  CHANGE: WatchEventKind.WATCH_EVENT_KIND_CHANGE,
};

describe('overlay console topology', () => {
  it('folds snapshot and changes per item; a deleted item goes; RESET forgets everything', () => {
    let s = applyTopologyEvent(EMPTY_TOPOLOGY, ev(RESET, 3));
    s = applyTopologyEvent(
      s,
      ev(SNAPSHOT, 3, { item: { $case: 'member', value: member('lab', 'a') }, deleted: false }),
    );
    s = applyTopologyEvent(
      s,
      ev(SNAPSHOT, 3, { item: { $case: 'member', value: member('lab', 'b') }, deleted: false }),
    );
    s = applyTopologyEvent(
      s,
      ev(SNAPSHOT, 3, { item: { $case: 'member', value: member('dev', 'a') }, deleted: false }),
    );
    s = applyTopologyEvent(s, ev(SYNCED, 3));
    expect(s.synced).toBe(true);
    s = applyTopologyEvent(s, ev(CHANGE, 4, { item: { $case: 'link', value: link('a', 'b', true) }, deleted: false }));
    s = applyTopologyEvent(s, ev(CHANGE, 5, { item: { $case: 'link', value: link('a', 'b', false) }, deleted: false }));
    s = applyTopologyEvent(
      s,
      ev(CHANGE, 6, { item: { $case: 'member', value: member('lab', 'b', '192.0.2.1:51820') }, deleted: false }),
    );
    const lab = ofNetwork(s, 'lab');
    expect(lab.members.map((m) => [m.name, m.publicEndpoint])).toEqual([
      ['a', ''],
      ['b', '192.0.2.1:51820'],
    ]);
    expect(lab.links.map((l) => l.up)).toEqual([false]);
    expect(s.revision).toBe(6n);
    s = applyTopologyEvent(s, ev(CHANGE, 7, { item: { $case: 'member', value: member('lab', 'a') }, deleted: true }));
    expect(ofNetwork(s, 'lab').members.map((m) => m.name)).toEqual(['b']);
    expect(ofNetwork(s, 'dev').members.map((m) => m.name)).toEqual(['a']);
    s = applyTopologyEvent(s, ev(RESET, 9));
    expect(s.members.size + s.links.size).toBe(0);
    expect(s.synced).toBe(false);
  });

  it('ignores an event without an item', () => {
    const s = applyTopologyEvent(EMPTY_TOPOLOGY, ev(CHANGE, 2));
    expect(s).toBe(EMPTY_TOPOLOGY);
  });
});
