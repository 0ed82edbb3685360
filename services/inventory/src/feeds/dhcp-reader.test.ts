import { LeaseState, WatchLeasesEventType, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { describe, expect, it } from 'vitest';
import { dhcpReader } from './dhcp-reader.ts';

const MAC = '52:54:00:12:34:56';

const lease = (revision: bigint, over: Partial<NonNullable<WatchLeasesResponse['lease']>> = {}): WatchLeasesResponse =>
  ({
    type: WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_LEASE,
    revision,
    lease: {
      address: '10.0.0.20',
      mac: '52:54:00:12:34:56',
      clientId: '',
      hostname: '',
      subnetId: 'lab',
      state: LeaseState.LEASE_STATE_BOUND,
      startsAtUnixMs: 5000n,
      expiresAtUnixMs: 9000n,
      revision,
      relay: '',
      interface: 'eth0',
      vendorClass: 'PXEClient:Arch:00000:UNDI:002001',
      architecture: 0,
      ...over,
    },
  }) as WatchLeasesResponse;

describe('DHCP feed', () => {
  it('moves the cursor only from SYNCED on, and reads PXE leases', () => {
    const read = dhcpReader();
    const first = read(lease(3n));
    expect(first.cursor).toBeUndefined();
    expect(first.observation).toMatchObject({
      kind: 'lease',
      mac: MAC,
      ip: '10.0.0.20',
      at: 5000,
      pxe: true,
      bound: true,
      clientArch: 0,
    });
    expect(
      read({ type: WatchLeasesEventType.WATCH_LEASES_EVENT_TYPE_SYNCED, revision: 7n } as WatchLeasesResponse),
    ).toEqual({ cursor: 7n });
    const live = read(lease(8n, { vendorClass: 'udhcp 1.35.0', architecture: -1 }));
    expect(live.cursor).toBe(8n);
    expect(live.observation).toMatchObject({ pxe: false });
    expect(read(lease(9n, { state: LeaseState.LEASE_STATE_EXPIRED })).observation).toMatchObject({
      bound: false,
      pxe: false,
    });
  });
});
