import { describe, expect, it } from 'vitest';
import {
  decodeSockaddrIn,
  decodeSockaddrLl,
  encodeIfreq,
  encodePacketMreq,
  encodeSockaddrIn,
  encodeSockaddrLl,
  findPktInfo,
  ifreqShort,
  setIfreqShort,
} from './kernel-structs.ts';

describe('kernel structs', () => {
  it('lays out sockaddr_in with the port and address in network order', () => {
    const b = encodeSockaddrIn('10.77.0.1', 67);
    expect(Buffer.from(b).toString('hex')).toBe('020000430a4d00010000000000000000');
    expect(decodeSockaddrIn(b)).toEqual({ address: '10.77.0.1', port: 67 });
    expect(decodeSockaddrIn(new Uint8Array(16))).toBeUndefined();
  });

  it('lays out sockaddr_ll with a network-order protocol and a host-order ifindex', () => {
    const b = encodeSockaddrLl({ protocol: 0x0806, ifindex: 258, address: Uint8Array.of(2, 0, 0, 0, 0, 1) });
    expect(Buffer.from(b).toString('hex')).toBe('1100080602010000000000060200000000010000');
    expect(decodeSockaddrLl(b)).toEqual({
      protocol: 0x0806,
      ifindex: 258,
      pkttype: 0,
      address: Uint8Array.of(2, 0, 0, 0, 0, 1),
    });
  });

  it('lays out packet_mreq with a host-order ifindex, type and length before the address', () => {
    const b = encodePacketMreq(258, Uint8Array.of(0x33, 0x33, 0, 0, 0, 2));
    expect(Buffer.from(b).toString('hex')).toBe('02010000000006003333000000020000');
  });

  it('refuses interface names the kernel would truncate', () => {
    expect(() => encodeIfreq('a-very-long-name')).toThrow(/1-15 bytes/);
    expect(() => encodeIfreq('')).toThrow(/1-15 bytes/);
    const req = encodeIfreq('tap0');
    setIfreqShort(req, 0x1002);
    expect(ifreqShort(req)).toBe(0x1002);
    expect(Array.from(req.subarray(16, 18))).toEqual([0x02, 0x10]);
  });

  it('finds IP_PKTINFO after another control message and stops at a bad length', () => {
    const ctl = new Uint8Array(64);
    const v = new DataView(ctl.buffer);
    v.setBigUint64(0, 20n, true); // SO_TIMESTAMP-like: len 20, padded to 24
    v.setInt32(8, 1, true);
    v.setInt32(12, 29, true);
    v.setBigUint64(24, 28n, true);
    v.setInt32(32, 0, true);
    v.setInt32(36, 8, true);
    v.setInt32(40, 3, true);
    ctl.set([10, 77, 0, 3, 255, 255, 255, 255], 44);
    expect(findPktInfo(ctl)).toEqual({ ifindex: 3, localAddress: '10.77.0.3', destination: '255.255.255.255' });
    v.setBigUint64(0, 4000n, true);
    expect(findPktInfo(ctl)).toBeUndefined();
  });
});
