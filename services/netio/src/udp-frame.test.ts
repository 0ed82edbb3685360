import { ipv4ToBytes } from '@paddock/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internetChecksum } from './checksum.ts';
import { decodeEthernet } from './ethernet.ts';
import { decodeIpv4 } from './ipv4.ts';
import { encodeUdpFrame } from './udp-frame.ts';

const base = {
  sourceMac: '02:00:00:00:00:01',
  destinationMac: Uint8Array.of(0x52, 0x54, 0, 0x12, 0x34, 0x56),
  source: '10.0.0.1',
  destination: '10.0.0.100',
  sourcePort: 67,
  destinationPort: 68,
};

/** Verifies what a receiving kernel verifies: both checksums and every length. */
function check(frame: Uint8Array, payload: Uint8Array) {
  const eth = decodeEthernet(frame);
  if (!eth.ok) throw new Error(eth.reason);
  expect(eth.value).toMatchObject({ destination: '52:54:00:12:34:56', source: '02:00:00:00:00:01', type: 0x0800 });
  expect(internetChecksum(eth.value.payload.subarray(0, 20))).toBe(0);
  const ip = decodeIpv4(eth.value.payload);
  if (!ip.ok) throw new Error(ip.reason);
  expect(ip.value).toMatchObject({ protocol: 17, source: '10.0.0.1', destination: '10.0.0.100', ttl: 64 });
  const udp = ip.value.payload;
  expect((udp[0]! << 8) | udp[1]!).toBe(67);
  expect((udp[2]! << 8) | udp[3]!).toBe(68);
  expect((udp[4]! << 8) | udp[5]!).toBe(8 + payload.length);
  const pseudo = Uint8Array.of(
    ...ipv4ToBytes('10.0.0.1'),
    ...ipv4ToBytes('10.0.0.100'),
    0,
    17,
    udp[4]!,
    udp[5]!,
    ...udp,
  );
  expect(internetChecksum(pseudo)).toBe(0);
  expect(udp.subarray(8)).toEqual(payload);
}

describe('encodeUdpFrame', () => {
  it('builds a frame whose IP and UDP checksums verify', () => {
    const payload = new Uint8Array(300).map((_, i) => i & 255);
    check(encodeUdpFrame({ ...base, payload }), payload);
  });

  it('holds for any payload length, odd ones included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1472 }), (payload) =>
        check(encodeUdpFrame({ ...base, payload }), payload),
      ),
      { numRuns: 200 },
    );
  });
});
