import { describe, expect, it } from 'vitest';
import { initialLifecycle } from './lifecycle.ts';
import { ADDRESS_LIMIT, initialPower, type Node } from './node.ts';
import { discoveredNode, discovers, type Observation, observeNode } from './observation.ts';

const MAC = '52:54:00:12:34:56';

function qemuNode(): Node {
  return {
    id: 'id-1',
    name: 'vm1',
    labels: {},
    nics: [{ mac: MAC, vendor: '' }],
    addresses: [],
    architecture: 'x86_64',
    firmware: 'bios',
    vendor: '',
    provider: { name: 'qemu', options: {} },
    power: { ...initialPower(100), desired: 'on', observed: 'off' },
    lifecycle: initialLifecycle(100, 'created', 'api'),
    bootRule: '',
    description: '',
    createdAt: 100,
    updatedAt: 100,
    lastSeenAt: 0,
    revision: 1n,
  };
}

const pxeLease = (at: number, ip = '10.0.0.50'): Observation => ({
  kind: 'lease',
  mac: MAC,
  at,
  ip,
  bound: true,
  expiresAt: at + 3_600_000,
  pxe: true,
  clientArch: 0,
});

describe('observations', () => {
  it('takes a node from created to ready through a PXE lease and a phone-home', () => {
    let n = observeNode(qemuNode(), pxeLease(200));
    expect(n.lifecycle.state).toBe('booting');
    expect(n.addresses[0]).toMatchObject({ ip: '10.0.0.50', source: 'dhcp', expiresAt: 200 + 3_600_000 });
    expect(n.power.observed).toBe('on');
    n = observeNode(n, {
      kind: 'boot',
      mac: MAC,
      at: 300,
      ip: '10.0.0.50',
      step: 'phone-home',
      what: 'phoned home from 10.0.0.50',
      architecture: 'x86_64',
    });
    expect(n.lifecycle.state).toBe('ready');
    expect(n.lifecycle.history.map((h) => `${h.state}@${h.at} ${h.source}: ${h.reason}`)).toEqual([
      'discovered@100 api: created',
      'booting@200 dhcp: PXE lease 10.0.0.50',
      'ready@300 boot: phoned home from 10.0.0.50',
    ]);
    expect(n.lastSeenAt).toBe(300);
  });

  it('keeps a ready node ready when its running system renews a lease', () => {
    let n = observeNode(qemuNode(), pxeLease(200));
    n = observeNode(n, { kind: 'boot', mac: MAC, at: 300, ip: '', step: 'phone-home', what: 'x', architecture: '' });
    n = observeNode(n, { ...pxeLease(400), pxe: false } as Observation);
    expect(n.lifecycle.state).toBe('ready');
  });

  it('fills architecture from option 93 only when unknown; a phone-home corrects it', () => {
    const metal = { ...qemuNode(), architecture: '', firmware: '' as const };
    let n = observeNode(metal, { ...pxeLease(200), clientArch: 7 } as Observation);
    expect([n.architecture, n.firmware]).toEqual(['x86_64', 'uefi']);
    n = observeNode({ ...metal }, pxeLease(200));
    expect(n.architecture).toBe('x86');
    n = observeNode(n, { kind: 'boot', mac: MAC, at: 300, ip: '', step: 'other', what: '', architecture: 'x86_64' });
    expect(n.architecture).toBe('x86_64');
    expect(observeNode(qemuNode(), pxeLease(200)).architecture).toBe('x86_64');
  });

  it('drops an ended lease and keeps one entry per address and source, newest first', () => {
    let n = observeNode(qemuNode(), pxeLease(200, '10.0.0.50'));
    n = observeNode(n, { kind: 'scan', mac: MAC, at: 250, ips: ['10.0.0.50'], online: true, vendor: 'QEMU' });
    n = observeNode(n, pxeLease(260, '10.0.0.50'));
    expect(n.addresses.map((a) => `${a.ip}/${a.source}`)).toEqual(['10.0.0.50/dhcp', '10.0.0.50/scan']);
    n = observeNode(n, { ...pxeLease(300, '10.0.0.50'), bound: false } as Observation);
    expect(n.addresses.map((a) => a.source)).toEqual(['scan']);
    for (let i = 0; i < ADDRESS_LIMIT + 4; i++) n = observeNode(n, pxeLease(400 + i, `10.0.1.${i}`));
    expect(n.addresses).toHaveLength(ADDRESS_LIMIT);
    expect(n.addresses[0]?.ip).toBe(`10.0.1.${ADDRESS_LIMIT + 3}`);
  });

  it('takes the vendor from the scanner for the NIC and the node', () => {
    const n = observeNode(qemuNode(), { kind: 'scan', mac: MAC, at: 250, ips: [], online: true, vendor: 'QEMU/KVM' });
    expect(n.vendor).toBe('QEMU/KVM');
    expect(n.nics[0]?.vendor).toBe('QEMU/KVM');
  });

  it('discovers unknown machines from signs of life only', () => {
    expect(discovers({ kind: 'scan', mac: MAC, at: 1, ips: [], online: false, vendor: '' })).toBe(false);
    expect(discovers({ ...pxeLease(1), bound: false } as Observation)).toBe(false);
    expect(discovers(pxeLease(1))).toBe(true);
    const o: Observation = {
      kind: 'boot',
      mac: MAC,
      at: 5,
      ip: '10.0.0.9',
      step: 'network-boot',
      what: 'TFTP undionly.kpxe',
      architecture: '',
    };
    const n = observeNode(discoveredNode(o, 'id-2', 'node-525400123456'), o);
    expect(n.provider.name).toBe('metal');
    expect(n.lifecycle.history.map((h) => h.state)).toEqual(['discovered', 'booting']);
    expect(n.lifecycle.history[0]?.reason).toBe('first seen by boot');
  });
});
