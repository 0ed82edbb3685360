import { describe, expect, it } from 'vitest';
import type { Observation } from '../model/observation.ts';
import { applyObservation } from './observe.ts';
import { createInput, testInventory } from './test-inventory.ts';

const MAC = '52:54:00:aa:bb:cc';
const lease = (at: number): Observation => ({
  kind: 'lease',
  mac: MAC,
  at,
  ip: '10.0.0.7',
  bound: true,
  expiresAt: at + 600_000,
  pxe: true,
  clientArch: 0,
});

describe('applying feed observations', () => {
  it('moves a known node and saves the cursor in the same commit', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'a', macs: [MAC] }));
    const changes = applyObservation(inv, lease(2000), { feed: 'dhcp', revision: 17n });
    expect(changes.map((c) => c.node.lifecycle.state)).toEqual(['booting']);
    expect(inv.store.cursor('dhcp')).toBe(17n);
    expect(inv.get('a').addresses[0]?.ip).toBe('10.0.0.7');
  });

  it('discovers an unknown machine as a metal node', () => {
    const { inv } = testInventory();
    applyObservation(
      inv,
      { kind: 'scan', mac: MAC, at: 5, ips: ['10.0.0.9'], online: true, vendor: 'QEMU' },
      undefined,
    );
    expect(inv.get(MAC)).toMatchObject({ name: 'node-525400aabbcc', provider: { name: 'metal' }, vendor: 'QEMU' });
  });

  it('writes no revision for a repeat, but still moves the cursor', async () => {
    const { inv } = testInventory();
    await inv.create(createInput({ name: 'a', macs: [MAC] }));
    applyObservation(inv, lease(2000), { feed: 'dhcp', revision: 1n });
    const rev = inv.get('a').revision;
    expect(applyObservation(inv, lease(2000), { feed: 'dhcp', revision: 2n })).toEqual([]);
    expect(inv.get('a').revision).toBe(rev);
    expect(inv.store.cursor('dhcp')).toBe(2n);
  });

  it('ignores signs of death from unknown MACs, moving only the cursor', () => {
    const { inv } = testInventory();
    applyObservation(inv, { ...lease(1), bound: false } as Observation, { feed: 'dhcp', revision: 3n });
    expect(inv.list({ selector: '', states: [] }).nodes).toEqual([]);
    expect(inv.store.cursor('dhcp')).toBe(3n);
  });
});
