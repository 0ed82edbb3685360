import { AddressSource } from '@paddock/proto/inventory/v1/inventory.ts';
import { describe, expect, it } from 'vitest';
import { nodeTarget, selectorTargets } from './selector-targets.ts';

const addr = (ip: string, source: AddressSource, at: number) => ({
  ip,
  mac: '',
  source,
  updatedAtUnixMs: BigInt(at),
  expiresAtUnixMs: 0n,
});

describe('selector targets: which address of an inventory node deployments use', () => {
  it('prefers the address it phoned home from, then one given by hand, then the newest', () => {
    const lease = addr('10.0.0.9', AddressSource.ADDRESS_SOURCE_DHCP, 300);
    const boot = addr('10.0.0.5', AddressSource.ADDRESS_SOURCE_BOOT, 100);
    const oldBoot = addr('10.0.0.4', AddressSource.ADDRESS_SOURCE_BOOT, 50);
    const fixed = addr('192.168.1.5', AddressSource.ADDRESS_SOURCE_STATIC, 200);
    expect(nodeTarget({ name: 'n1', addresses: [lease, oldBoot, boot, fixed] })).toEqual({
      name: 'n1',
      address: '10.0.0.5',
    });
    expect(nodeTarget({ name: 'n1', addresses: [lease, fixed] })).toEqual({ name: 'n1', address: '192.168.1.5' });
    expect(nodeTarget({ name: 'n1', addresses: [lease] })).toEqual({ name: 'n1', address: '10.0.0.9' });
    expect(nodeTarget({ name: 'n1', addresses: [] })).toEqual({ error: 'node n1 has no address to reach it at' });
  });

  it('lists the matching nodes by name and says when none or one without an address matches', () => {
    const a = (name: string, ip: string) => ({ name, addresses: [addr(ip, AddressSource.ADDRESS_SOURCE_BOOT, 1)] });
    expect(selectorTargets('role=worker', [a('w2', '10.0.0.2'), a('w1', '10.0.0.1')])).toEqual([
      { name: 'w1', address: '10.0.0.1' },
      { name: 'w2', address: '10.0.0.2' },
    ]);
    expect(() => selectorTargets('role=gpu', [])).toThrow(/selector role=gpu: no ready node matches/);
    expect(() => selectorTargets('x', [{ name: 'n', addresses: [] }])).toThrow(/node n has no address/);
  });
});
