import { describe, expect, it } from 'vitest';
import { bmcAddress, parseBmcOptions } from './bmc-options.ts';

const base = { protocol: 'ipmi', address: '10.0.0.5', username: 'admin', password: 'x' };

describe('parseBmcOptions', () => {
  it('fills the defaults of each protocol', () => {
    expect(parseBmcOptions(base)).toMatchObject({ host: '10.0.0.5', port: 623, cipherSuite: 3, boot: 'pxe' });
    const rf = parseBmcOptions({ ...base, protocol: 'redfish', address: 'bmc-7.example' });
    expect(rf).toMatchObject({ port: 443, scheme: 'https', verifyTls: true });
    expect(bmcAddress(parseBmcOptions({ ...base, address: '[fd00::5]:6230' }))).toBe('[fd00::5]:6230');
    expect(bmcAddress(parseBmcOptions(base))).toBe('10.0.0.5');
  });

  it('names the key of each bad value', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ ...base, protocol: 'snmp' }, /protocol: give ipmi or redfish/],
      [{ ...base, address: '' }, /address: the ipmi BMC's address/],
      [{ ...base, address: 'a b' }, /address: "a b" is not a host/],
      [{ ...base, address: '10.0.0.5:70000' }, /port 70000 is out of range/],
      [{ ...base, cipher_suite: '0' }, /suite 0 is refused/],
      [{ ...base, username: 'u'.repeat(17) }, /at most 16 bytes/],
      [{ ...base, boot: 'http' }, /IPMI boot flags have no HTTP boot/],
      [{ ...base, colour: 'red' }, /unknown bmc option colour/],
    ];
    for (const [o, msg] of bad) expect(() => parseBmcOptions(o)).toThrow(msg);
  });
});
