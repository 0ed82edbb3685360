import { encodeEthernet, internetChecksum } from '@paddock/netio';
import { ByteWriter, ipv4ToBytes } from '@paddock/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUnreachable } from './icmp-unreachable.ts';

function ipv4(src: string, dst: string, protocol: number, payload: Uint8Array, totalOverride?: number): Uint8Array {
  const w = new ByteWriter(20 + payload.length)
    .u8(0x45)
    .u8(0)
    .u16(totalOverride ?? 20 + payload.length)
    .u32(0)
    .u8(64)
    .u8(protocol)
    .u16(0)
    .bytes(ipv4ToBytes(src))
    .bytes(ipv4ToBytes(dst));
  const header = w.finish();
  const h = header.slice();
  new DataView(h.buffer).setUint16(10, internetChecksum(h));
  return Uint8Array.from([...h, ...payload]);
}

/** What a Linux host sends back for a UDP datagram to a closed port: type 3 code 3, quoting it. */
function portUnreachable(code = 3): Uint8Array {
  const udp = new ByteWriter(8).u16(40001).u16(161).u16(20).u16(0).finish();
  const quoted = ipv4('10.0.0.1', '10.0.0.9', 17, udp, 48);
  const icmp = Uint8Array.from([3, code, 0, 0, 0, 0, 0, 0, ...quoted]);
  const packet = ipv4('10.0.0.9', '10.0.0.1', 1, icmp);
  return encodeEthernet({
    destination: '02:00:00:00:00:01',
    source: '02:00:00:00:00:09',
    type: 0x0800,
    payload: packet,
  });
}

describe('decodeUnreachable', () => {
  it('reads the quoted datagram of a port unreachable', () => {
    expect(decodeUnreachable(portUnreachable())).toEqual({
      reporter: '10.0.0.9',
      code: 3,
      protocol: 17,
      source: '10.0.0.1',
      destination: '10.0.0.9',
      sourcePort: 40001,
      destinationPort: 161,
    });
    expect(decodeUnreachable(portUnreachable(13))?.code).toBe(13);
  });

  it('ignores other frames and never throws on garbage (fuzzed)', () => {
    expect(decodeUnreachable(portUnreachable().subarray(0, 40))).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        decodeUnreachable(b);
      }),
      { numRuns: 2000 },
    );
    const good = portUnreachable();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const f = good.slice();
        f[i] = v;
        const u = decodeUnreachable(f);
        if (u) expect(u.sourcePort).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
