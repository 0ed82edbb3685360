import { isNetbootRequest } from '@paddock/netboot';
import { LeaseState, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import type { Observation } from '../model/observation.ts';

/**
 * The DHCP service's WatchLeases: leases as they stand (SNAPSHOT), then each change (CHANGE).
 * A lease from a PXE client (option 60 "PXEClient" or "HTTPClient", or option 93 present) is
 * a machine's firmware network-booting.
 */
export function dhcpObservation(e: WatchLeasesResponse): Observation | undefined {
  const live = e.watch?.kind === WatchEventKind.WATCH_EVENT_KIND_CHANGE;
  const lease = e.lease;
  if (!lease?.mac) return undefined;
  const bound = lease.state === LeaseState.LEASE_STATE_BOUND;
  const arch = lease.architecture >= 0 ? lease.architecture : undefined;
  const pxe = isNetbootRequest({ vendorClass: lease.vendorClass, arch });
  return {
    kind: 'lease',
    mac: lease.mac.toLowerCase(),
    // A renewal keeps the lease's start time; a live change is news now (so a reboot's PXE
    // lease is not taken for one older than the node's current state).
    at: live ? Date.now() : Number(lease.startsAtUnixMs) || Date.now(),
    ip: lease.address,
    bound,
    expiresAt: Number(lease.expiresAtUnixMs),
    // A lease already over when a late snapshot shows it tells nothing about booting now.
    pxe: pxe && bound,
    clientArch: lease.architecture,
  };
}
