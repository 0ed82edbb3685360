import { GetClusterResponse } from '@paddock/proto/cluster/v1/cluster.ts';
import { ResetReason, WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { expect, it } from 'vitest';
import { applyClusterEvent, EMPTY, heldFor } from './cluster-state.ts';

const ev = (kind: WatchEventKind, revision: bigint, site?: string) => ({
  watch: { kind, revision, resetReason: ResetReason.RESET_REASON_UNSPECIFIED },
  cluster: site ? { ...GetClusterResponse.fromJSON({}), site } : undefined,
});

it('keeps the latest whole view, forgets it on RESET and is synced once SYNCED came', () => {
  let s = applyClusterEvent(EMPTY, ev(WatchEventKind.WATCH_EVENT_KIND_RESET, 1n));
  s = applyClusterEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT, 1n, 'a'));
  expect(s).toMatchObject({ synced: false, view: { site: 'a' } });
  s = applyClusterEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_SYNCED, 1n));
  s = applyClusterEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_CHANGE, 2n, 'b'));
  expect(s).toMatchObject({ synced: true, revision: 2n, view: { site: 'b' } });
  expect(applyClusterEvent(s, ev(WatchEventKind.WATCH_EVENT_KIND_RESET, 3n)).view).toBeUndefined();
});

it('says how long a holder has held, in the coarse unit that matters', () => {
  expect(heldFor(0n, 5_000)).toBe('');
  expect(heldFor(1_000n, 43_000)).toBe('42 s');
  expect(heldFor(0n + 1n, 1 + 180_000)).toBe('3 min');
  expect(heldFor(1n, 1 + 3 * 3_600_000)).toBe('3 h');
});
