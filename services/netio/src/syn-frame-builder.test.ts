import { ipv4ToNumber } from '@paddock/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peekTcpReply, SynFrameBuilder } from './syn-frame-builder.ts';
import { decodeTcpFrame, encodeSynFrame } from './tcp-frame.ts';

const base = {
  sourceMac: '02:00:00:00:00:01',
  destinationMac: '02:00:00:00:00:09',
  source: '10.0.0.1',
  destination: '192.168.77.200',
  sourcePort: 45000,
};

describe('SynFrameBuilder', () => {
  it('builds the very frames encodeSynFrame does, checksums included (fuzzed)', () => {
    const b = new SynFrameBuilder(base);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), fc.nat(2 ** 32 - 1), fc.nat(0xffff), (port, seq, ipId) => {
        expect(b.frame(port, seq, ipId)).toEqual(encodeSynFrame({ ...base, destinationPort: port, seq, ipId }));
      }),
    );
  });

  it('peeks at replies in place, agreeing with the full decoder; garbage gives nothing (fuzzed)', () => {
    const f = encodeSynFrame({ ...base, destinationPort: 22, seq: 1234, ipId: 1 });
    const full = decodeTcpFrame(f)!;
    expect(peekTcpReply(f)).toEqual({
      source: ipv4ToNumber(full.source),
      sourcePort: full.sourcePort,
      destinationPort: full.destinationPort,
      ack: full.ack,
      flags: full.flags,
    });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const r = peekTcpReply(bytes);
        if (r) expect(bytes.length).toBeGreaterThanOrEqual(54);
      }),
    );
  });
});
