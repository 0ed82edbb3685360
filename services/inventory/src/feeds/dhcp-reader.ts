import { isNetbootRequest } from '@paddock/netboot';
import { LeaseState, WatchLeasesEventType, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import type { FeedStep } from './feed.ts';

/**
 * The DHCP service's WatchLeases: leases as they stand (no cursor until SYNCED, since the
 * initial part is a set of states, not ordered changes), then each change with its revision.
 * A lease from a PXE client (option 60 "PXEClient" or "HTTPClient", or option 93 present) is
 * a machine's firmware network-booting.
 */
export function dhcpReader(): (e: WatchLeasesResponse) => FeedStep {
  let synced = false;
  return (e) => {
    if (e.type === WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_SYNCED) {
      synced = true;
      return { cursor: e.revision };
    }
    const lease = e.lease;
    const cursor = synced ? { cursor: e.revision } : {};
    if (e.type !== WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_LEASE || !lease || !lease.mac) return cursor;
    const bound = lease.state === LeaseState.LEASE_STATE_BOUND;
    const arch = lease.architecture >= 0 ? lease.architecture : undefined;
    const pxe = isNetbootRequest({ vendorClass: lease.vendorClass, arch });
    return {
      ...cursor,
      observation: {
        kind: 'lease',
        mac: lease.mac.toLowerCase(),
        // A renewal keeps the lease's start time; a live change is news now (so a reboot's PXE
        // lease is not taken for one older than the node's current state).
        at: synced ? Date.now() : Number(lease.startsAtUnixMs) || Date.now(),
        ip: lease.address,
        bound,
        expiresAt: Number(lease.expiresAtUnixMs),
        // A lease already over when a late snapshot shows it tells nothing about booting now.
        pxe: pxe && bound,
        clientArch: lease.architecture,
      },
    };
  };
}
