/**
 * The DHCP page's copy of the leases, folded from WatchLeases events, purely. It remembers the
 * last revision applied, so a dropped stream is reopened from there and the server sends only
 * what changed since (see proto/paddock/dhcp/v1/dhcp.proto).
 */
import { type Lease, LeaseState, WatchLeasesEventType, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';

export interface LeasesState {
  byAddress: ReadonlyMap<string, Lease>;
  revision: bigint;
  synced: boolean;
}

export const emptyLeases = (): LeasesState => ({ byAddress: new Map(), revision: 0n, synced: false });

export function applyLeaseEvent(s: LeasesState, e: WatchLeasesResponse): LeasesState {
  if (e.type === WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_SYNCED) {
    if (e.revision <= s.revision) return { ...s, synced: true };
    return { ...s, synced: true, revision: e.revision };
  }
  if (!e.lease || e.revision <= s.revision) return s;
  const byAddress = new Map(s.byAddress);
  byAddress.set(e.lease.address, e.lease);
  return { ...s, byAddress, revision: e.revision };
}

/** Address order, numerically (10.0.0.9 before 10.0.0.10). */
export function sortedLeases(s: LeasesState, filter: { bound?: boolean } = {}): Lease[] {
  const list = [...s.byAddress.values()].filter((l) => !filter.bound || l.state === LeaseState.LEASE_STATE_BOUND);
  return list.sort((a, b) => addressOrder(a.address) - addressOrder(b.address));
}

export function addressOrder(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

export function stateText(s: LeaseState): string {
  switch (s) {
    case LeaseState.LEASE_STATE_BOUND:
      return 'bound';
    case LeaseState.LEASE_STATE_RELEASED:
      return 'released';
    case LeaseState.LEASE_STATE_EXPIRED:
      return 'expired';
    case LeaseState.LEASE_STATE_DECLINED:
      return 'declined';
    default:
      return 'unknown';
  }
}
