import { OPTION, readOption } from '@paddock/dhcp-codec';
import { numberToIPv4 } from '@paddock/wire';
import type { Lease, LeaseState } from '../leases/lease.ts';
import type { Exchange } from './types.ts';

/** A new row for `address` held by the exchange's client, with what the request told us. */
export function leaseRow(ex: Exchange, address: number, state: LeaseState, startsAt: number, expiresAt: number): Lease {
  return {
    address,
    clientKey: ex.clientKey,
    mac: ex.mac,
    clientId: ex.clientId,
    hostname: ex.reservation?.hostname ?? readOption(ex.m, OPTION.hostname) ?? '',
    subnetId: ex.subnet.id,
    state,
    startsAt,
    expiresAt,
    revision: 0,
    relay: ex.giaddr === 0 ? '' : numberToIPv4(ex.giaddr),
    interface: ex.rx.ifname,
    vendorClass: readOption(ex.m, OPTION.vendorClass) ?? '',
    architecture: readOption(ex.m, OPTION.clientArch)?.[0] ?? -1,
  };
}

/** The same row in another state (release, decline, expiry), keeping who held it. */
export function withState(lease: Lease, state: LeaseState, expiresAt: number): Lease {
  return { ...lease, state, expiresAt, revision: 0 };
}
