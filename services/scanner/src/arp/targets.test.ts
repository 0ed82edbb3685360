import { describe, expect, it } from 'vitest';
import { expandTargets, MAX_TARGETS, subnetOf } from './targets.ts';

describe('expandTargets', () => {
  it('lists the hosts of each CIDR without network and broadcast addresses, nor our own', () => {
    expect(expandTargets(['10.0.0.0/29'], ['10.0.0.3'])).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      '10.0.0.4',
      '10.0.0.5',
      '10.0.0.6',
    ]);
    expect(expandTargets(['10.0.0.9/24'])).toHaveLength(254);
    expect(expandTargets(['192.168.0.4/31'])).toEqual(['192.168.0.4', '192.168.0.5']);
    expect(expandTargets(['192.168.0.4/32', '192.168.0.4/30'])).toEqual(['192.168.0.4', '192.168.0.5', '192.168.0.6']);
  });

  it('refuses malformed and oversized CIDRs with a message naming them', () => {
    expect(() => expandTargets(['10.0.0.0/33'])).toThrow(/not an IPv4 CIDR: "10.0.0.0\/33"/);
    expect(() => expandTargets(['10.0.0/24'])).toThrow(/not an IPv4 CIDR/);
    expect(() => expandTargets(['fe80::/64'])).toThrow(/not an IPv4 CIDR/);
    expect(() => expandTargets(['10.0.0.0/8'])).toThrow(/16777216 addresses, more than the 65536/);
    expect(() => expandTargets([])).toThrow(/no CIDR/);
    expect(() => expandTargets(['10.0.0.0/16', '10.1.0.0/16'])).toThrow(new RegExp(`more than ${MAX_TARGETS}`));
  });

  it('names the subnet of an interface address', () => {
    expect(subnetOf('10.1.2.77', 24)).toBe('10.1.2.0/24');
    expect(subnetOf('172.16.5.4', 12)).toBe('172.16.0.0/12');
  });
});
