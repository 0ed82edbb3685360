import { LeaseState, type WatchLeasesResponse } from '@paddock/proto/dhcp/v1/dhcp.ts';
import { WatchEventKind } from '@paddock/proto/watch/v1/watch.ts';
import { describe, expect, it } from 'vitest';
import { dhcpObservation } from './dhcp-reader.ts';

const MAC = '52:54:00:12:34:56';

const lease = (
  revision: bigint,
  over: Partial<NonNullable<WatchLeasesResponse['lease']>> = {},
  kind: WatchEventKind = WatchEventKind.WATCH_EVENT_KIND_CHANGE,
): WatchLeasesResponse =>
  ({
    watch: { kind, revision, resetReason: 0 },
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
  it('reads PXE leases, dated by their start in a snapshot and now when they change', () => {
    const read = dhcpObservation;
    const first = read(lease(3n, {}, WatchEventKind.WATCH_EVENT_KIND_SNAPSHOT));
    expect(first).toMatchObject({
      kind: 'lease',
      mac: MAC,
      ip: '10.0.0.20',
      at: 5000,
      pxe: true,
      bound: true,
      clientArch: 0,
    });
    const live = read(lease(8n, { vendorClass: 'udhcp 1.35.0', architecture: -1 }));
    expect(live).toMatchObject({ pxe: false });
    expect(live!.at).toBeGreaterThan(5000);
    expect(read(lease(9n, { state: LeaseState.LEASE_STATE_EXPIRED }))).toMatchObject({
      bound: false,
      pxe: false,
    });
  });
});
