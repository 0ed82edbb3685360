import { describe, expect, it } from 'vitest';
import { checkMac, checkName, defaultName, isNodeId, newNodeId, normalizeMac } from './names.ts';

describe('node names', () => {
  it('accepts DNS-label-like names and explains refusals', () => {
    expect(checkName('rack1-node07')).toBeUndefined();
    expect(checkName('a')).toBeUndefined();
    for (const bad of ['', 'Node1', '-a', 'a-', 'a_b', 'a.b', 'x'.repeat(64)]) {
      expect(checkName(bad)).toMatch(/must be 1-63/);
    }
  });

  it('refuses names that could be mistaken for an id', () => {
    const id = newNodeId();
    expect(isNodeId(id)).toBe(true);
    expect(checkName(id)).toMatch(/looks like a node id/);
  });

  it('makes names from MACs, or random ones that differ', () => {
    expect(defaultName('52:54:00:12:34:56')).toBe('node-525400123456');
    expect(defaultName('52:54:00:12:34:56', 'vm')).toBe('vm-525400123456');
    const a = defaultName(undefined);
    expect(checkName(a)).toBeUndefined();
    expect(a).not.toBe(defaultName(undefined));
  });
});

describe('MACs', () => {
  it('normalises case and dashes', () => {
    expect(normalizeMac('52-54-00-AB-CD-EF')).toBe('52:54:00:ab:cd:ef');
    expect(normalizeMac('52:54:00:ab:cd')).toBeUndefined();
  });

  it('refuses group and zero addresses', () => {
    expect(checkMac('01:00:5e:00:00:01')).toEqual({ error: expect.stringMatching(/multicast/) });
    expect(checkMac('00:00:00:00:00:00')).toEqual({ error: expect.stringMatching(/not a NIC/) });
    expect(checkMac('zz')).toEqual({ error: 'not a MAC address: "zz"' });
    expect(checkMac('02:00:00:00:00:01')).toEqual({ mac: '02:00:00:00:00:01' });
  });
});
