import { describe, expect, it } from 'vitest';
import { bytesToHex, cidrContains, ipv4ToNumber, macToBytes, numberToIPv4, parseCidr } from './ip.ts';

describe('ip helpers', () => {
  it('parses CIDRs to their network and rejects junk with the value named', () => {
    const c = parseCidr('10.1.2.3/24');
    expect(numberToIPv4(c.network)).toBe('10.1.2.0');
    expect(cidrContains(c, ipv4ToNumber('10.1.2.254'))).toBe(true);
    expect(cidrContains(c, ipv4ToNumber('10.1.3.1'))).toBe(false);
    expect(() => parseCidr('10.1.2.300/24')).toThrow(/10\.1\.2\.300\/24/);
    expect(() => parseCidr('10.1.2.0/33')).toThrow(/not an IPv4 CIDR/);
    expect(parseCidr('0.0.0.0/0').mask).toBe(0);
  });

  it('parses MACs with colons or dashes', () => {
    expect(bytesToHex(macToBytes('52-54-00-AB-cd-01'))).toBe('52:54:00:ab:cd:01');
    expect(() => macToBytes('52:54:00:ab:cd')).toThrow(/not a MAC/);
  });
});
