import { type Lease, LeaseState, WatchLeasesEventType } from '@paddock/proto/dhcp/v1/dhcp.ts';
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
const ev = (l: Lease) => ({ type: WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_LEASE, revision: l.revision, lease: l });

describe('leases state', () => {
  it('folds events into the latest lease per address, ignoring replays, and marks the sync', () => {
    let s = emptyLeases();
    s = applyLeaseEvent(s, ev(lease('10.0.0.10', LeaseState.LEASE_STATE_BOUND, 1n)));
    s = applyLeaseEvent(s, ev(lease('10.0.0.9', LeaseState.LEASE_STATE_BOUND, 2n)));
    s = applyLeaseEvent(s, { type: WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_SYNCED, revision: 2n });
    expect(s.synced).toBe(true);
    s = applyLeaseEvent(s, ev(lease('10.0.0.10', LeaseState.LEASE_STATE_RELEASED, 3n)));
    s = applyLeaseEvent(s, ev(lease('10.0.0.10', LeaseState.LEASE_STATE_BOUND, 1n)));
    expect(s.revision).toBe(3n);
    expect(sortedLeases(s).map((l) => [l.address, l.state])).toEqual([
      ['10.0.0.9', LeaseState.LEASE_STATE_BOUND],
      ['10.0.0.10', LeaseState.LEASE_STATE_RELEASED],
    ]);
    expect(sortedLeases(s, { bound: true }).map((l) => l.address)).toEqual(['10.0.0.9']);
  });
});
