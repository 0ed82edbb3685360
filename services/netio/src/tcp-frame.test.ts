import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internetChecksum } from './checksum.ts';
import { decodeEthernet } from './ethernet.ts';
import { decodeIpv4 } from './ipv4.ts';
import { decodeTcpFrame, encodeSynFrame, TCP_SYN } from './tcp-frame.ts';

const probe = {
  sourceMac: '02:00:00:00:00:01',
  destinationMac: '02:00:00:00:00:09',
  source: '10.0.0.1',
  destination: '10.0.0.9',
  sourcePort: 45000,
  destinationPort: 22,
  seq: 0xdeadbeef,
  ipId: 7,
};

describe('SYN frames', () => {
  it('encodes a SYN whose IPv4 and TCP checksums verify, with an MSS option', () => {
    const frame = encodeSynFrame(probe);
    const eth = decodeEthernet(frame);
    expect(eth.ok && eth.value.destination).toBe('02:00:00:00:00:09');
    const ipBytes = frame.subarray(14, 34);
    expect(internetChecksum(ipBytes)).toBe(0);
    const ip = decodeIpv4(frame.subarray(14));
    expect(ip.ok && [ip.value.protocol, ip.value.ttl, ip.value.payload.length]).toEqual([6, 64, 24]);
    const tcp = ip.ok ? ip.value.payload : new Uint8Array();
    expect(tcp[13]).toBe(TCP_SYN);
    expect([...tcp.subarray(20, 24)]).toEqual([2, 4, 0x05, 0xb4]);
  });

  it('decodes back what it encodes (any ports and sequence numbers)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.integer({ min: 1, max: 65535 }),
        fc.nat(2 ** 32 - 1),
        (sp, dp, seq) => {
          const seg = decodeTcpFrame(encodeSynFrame({ ...probe, sourcePort: sp, destinationPort: dp, seq }), {
            verifyChecksum: true,
          });
          expect(seg).toEqual({
            source: '10.0.0.1',
            destination: '10.0.0.9',
            sourcePort: sp,
            destinationPort: dp,
            seq,
            ack: 0,
            flags: TCP_SYN,
          });
        },
      ),
    );
  });

  it('refuses a corrupted segment and never throws on garbage (fuzzed)', () => {
    const frame = encodeSynFrame(probe);
    const bad = frame.slice();
    bad[14 + 20 + 4] = (bad[14 + 20 + 4] ?? 0) ^ 0xff;
    expect(decodeTcpFrame(bad, { verifyChecksum: true })).toBeUndefined();
    expect(decodeTcpFrame(frame, { verifyChecksum: true })?.seq).toBe(probe.seq);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        decodeTcpFrame(b);
      }),
      { numRuns: 2000 },
    );
  });
});
