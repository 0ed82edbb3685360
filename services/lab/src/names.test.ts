import { describe, expect, it } from 'vitest';
import {
  checkIfname,
  hostNetns,
  namedPrefix,
  ownedPrefix,
  parseNamedNetns,
  parseOwnedNetns,
  SWITCH_HOST,
  sanitizeTag,
} from './names.ts';

describe('lab names', () => {
  it('round-trips the owner through a namespace name', () => {
    const prefix = ownedPrefix({ pid: 123456, start: 987654321 }, 3, 'dhcp-relay');
    const ns = hostNetns(prefix, 'client1');
    expect(ns).toMatch(/^pdk-[0-9a-z]+-[0-9a-z]+-3-dhcp-relay\.client1$/);
    expect(parseOwnedNetns(ns)).toEqual({ owner: { pid: 123456, start: 987654321 }, prefix, host: 'client1' });
    expect(parseOwnedNetns(hostNetns(prefix, SWITCH_HOST))?.host).toBe(SWITCH_HOST);
  });

  it('never reads CLI labs or foreign namespaces as owned', () => {
    expect(parseOwnedNetns(hostNetns(namedPrefix('demo'), 'server'))).toBeUndefined();
    expect(parseOwnedNetns('pdcaps')).toBeUndefined();
    expect(parseOwnedNetns('pdk-zz')).toBeUndefined();
    expect(parseNamedNetns('pdkl-demo.server')).toEqual({ lab: 'demo', host: 'server' });
    expect(parseNamedNetns('pdk-1-2-3-x.a')).toBeUndefined();
  });

  it('sanitizes tags and rejects unsafe names', () => {
    expect(sanitizeTag('DHCP Relay/v2!')).toBe('dhcp-relay-v2');
    expect(sanitizeTag('***')).toBe('lab');
    expect(sanitizeTag('x'.repeat(40))).toHaveLength(24);
    expect(() => hostNetns('p', 'a.b')).toThrow(RangeError);
    expect(() => hostNetns('p', '_sneaky')).toThrow(RangeError);
    expect(() => namedPrefix('Bad Name')).toThrow(/lab name/);
    expect(checkIfname('eth0')).toBe('eth0');
    expect(() => checkIfname('a-very-long-ifname')).toThrow(/1-15/);
    expect(() => checkIfname('a/b')).toThrow(RangeError);
  });
});
