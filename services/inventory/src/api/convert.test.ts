import * as pb from '@paddock/proto/inventory/v1/inventory.ts';
import { describe, expect, it } from 'vitest';
import { applyMove } from '../model/lifecycle.ts';
import { testNode } from '../store/store-contract.ts';
import { changeKindToProto, createFromProto, nodeToProto, patchFromProto } from './convert.ts';

describe('proto conversions', () => {
  it('writes a node with its states and times, and survives the wire', () => {
    const n = testNode('id-1', 'vm1', ['52:54:00:00:00:01']);
    const node = {
      ...n,
      firmware: 'uefi' as const,
      power: { ...n.power, desired: 'on' as const, observed: 'off' as const },
      lifecycle: applyMove(n.lifecycle, { state: 'ready', at: 5, reason: 'phoned home', source: 'boot' }),
      addresses: [{ ip: '10.0.0.5', mac: '52:54:00:00:00:01', source: 'dhcp' as const, updatedAt: 4, expiresAt: 9 }],
      revision: 7n,
    };
    const p = nodeToProto(node);
    expect(p).toMatchObject({
      firmware: pb.Firmware.FIRMWARE_UEFI,
      power: { desired: pb.PowerState.POWER_STATE_ON, observed: pb.PowerState.POWER_STATE_OFF },
      lifecycle: { state: pb.LifecycleState.LIFECYCLE_STATE_READY, sinceUnixMs: 5n },
      addresses: [{ source: pb.AddressSource.ADDRESS_SOURCE_DHCP, expiresAtUnixMs: 9n }],
      revision: 7n,
    });
    expect(pb.Node.decode(pb.Node.encode(p).finish())).toEqual(p);
    expect(changeKindToProto('deleted')).toBe(pb.NodeEventKind.NODE_EVENT_KIND_DELETED);
    expect(changeKindToProto(undefined)).toBe(pb.NodeEventKind.NODE_EVENT_KIND_UNSPECIFIED);
  });

  it('reads requests, leaving absent optional fields undefined', () => {
    const create = pb.CreateNodeRequest.fromJSON({
      name: ' vm2 ',
      provider: { name: 'qemu', options: { cpus: '1' } },
      firmware: 'FIRMWARE_BIOS',
    });
    expect(createFromProto(create)).toMatchObject({
      name: 'vm2',
      provider: { name: 'qemu', options: { cpus: '1' } },
      firmware: 'bios',
    });
    const patch = patchFromProto(pb.UpdateNodeRequest.fromJSON({ node: 'vm2', bootRule: '' }));
    expect(patch).toMatchObject({ name: undefined, bootRule: '', firmware: undefined });
  });
});
