import { type Lease, LeaseState, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { WatchEventKind as K } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { applyLeaseEvent, emptyLeases, sortedLeases } from './leases-state.ts';

const lease = (address: string, state: LeaseState, revision: bigint): Lease => ({
  address,
  mac: '52:54:00:00:00:01',
  clientId: '',
  hostname: '',
  subnetId: 'lab',
  state,
  startsAtUnixMs: 0n,
  expiresAtUnixMs: 0n,
  revision,
  relay: '',
  interface: 'eth0',
  vendorClass: '',
  architecture: -1,
});
const mark = (kind: K, revision: bigint): WatchLeasesResponse => ({ watch: { kind, revision, resetReason: 0 } });
const ev = (l: Lease, kind: K = K.WATCH_EVENT_KIND_CHANGE): WatchLeasesResponse => ({
  ...mark(kind, l.revision),
  lease: l,
});

describe('leases state', () => {
  it('folds events into the latest lease per address, marks the sync, and starts over on RESET', () => {
    let s = emptyLeases();
    s = applyLeaseEvent(s, mark(K.WATCH_EVENT_KIND_RESET, 2n));
    s = applyLeaseEvent(s, ev(lease('10.0.0.10', LeaseState.LEASE_STATE_BOUND, 1n), K.WATCH_EVENT_KIND_SNAPSHOT));
    s = applyLeaseEvent(s, ev(lease('10.0.0.9', LeaseState.LEASE_STATE_BOUND, 2n), K.WATCH_EVENT_KIND_SNAPSHOT));
    expect(s.synced).toBe(false);
    s = applyLeaseEvent(s, mark(K.WATCH_EVENT_KIND_SYNCED, 2n));
    expect(s.synced).toBe(true);
    s = applyLeaseEvent(s, ev(lease('10.0.0.10', LeaseState.LEASE_STATE_RELEASED, 3n)));
    s = applyLeaseEvent(s, mark(K.WATCH_EVENT_KIND_PROGRESS, 3n));
    expect(s.revision).toBe(3n);
    expect(sortedLeases(s).map((l) => [l.address, l.state])).toEqual([
      ['10.0.0.9', LeaseState.LEASE_STATE_BOUND],
      ['10.0.0.10', LeaseState.LEASE_STATE_RELEASED],
    ]);
    expect(sortedLeases(s, { bound: true }).map((l) => l.address)).toEqual(['10.0.0.9']);
    expect(applyLeaseEvent(s, mark(K.WATCH_EVENT_KIND_RESET, 7n))).toEqual({
      byAddress: new Map(),
      revision: 7n,
      synced: false,
    });
  });
});
