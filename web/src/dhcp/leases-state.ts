/**
 * The DHCP page's copy of the leases, folded from WatchLeases events, purely (the Watch
 * envelope: RESET clears, SNAPSHOT and CHANGE put, SYNCED says it is current). useWatch reopens
 * a dropped stream from the last revision applied, so the server sends only what changed since.
 */
import { type Lease, LeaseState, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';

export interface LeasesState {
  byAddress: ReadonlyMap<string, Lease>;
  revision: bigint;
  synced: boolean;
}

export const emptyLeases = (): LeasesState => ({ byAddress: new Map(), revision: 0n, synced: false });

export function applyLeaseEvent(s: LeasesState, e: WatchLeasesResponse): LeasesState {
  const w = e.watch;
  switch (w?.kind) {
    case WatchEventKind.WATCH_EVENT_KIND_RESET:
      return { byAddress: new Map(), revision: w.revision, synced: false };
    case WatchEventKind.WATCH_EVENT_KIND_SYNCED:
      return { ...s, synced: true, revision: w.revision };
    case WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT:
    case WatchEventKind.WATCH_EVENT_KIND_CHANGE: {
      if (!e.lease) return s;
      const byAddress = new Map(s.byAddress);
      byAddress.set(e.lease.address, e.lease);
      return { ...s, byAddress, revision: w.revision };
    }
    default:
      return s;
  }
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
