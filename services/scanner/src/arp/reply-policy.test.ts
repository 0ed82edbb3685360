import { ARP_REPLY, ARP_REQUEST, arpRequestFrame, encodeArp, encodeEthernet, PacketType } from '@paddock/netio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeArpFrame } from './reply-policy.ts';

const US = '02:00:00:00:00:01';
const ctx = { ourMac: US, asked: (ip: string) => ip.startsWith('10.0.0.') };

function reply(senderIp: string, senderMac: string, targetMac = US): Uint8Array {
  const arp = encodeArp({ op: ARP_REPLY, senderMac, senderIp, targetMac, targetIp: '10.0.0.1' });
  return encodeEthernet({ destination: targetMac, source: senderMac, type: 0x0806, payload: arp });
}

describe('judgeArpFrame', () => {
  it('accepts a reply to us from an address we asked about', () => {
    expect(judgeArpFrame(reply('10.0.0.9', '00:1b:21:00:00:09'), PacketType.host, ctx)).toEqual({
      kind: 'accept',
      ip: '10.0.0.9',
      mac: '00:1b:21:00:00:09',
    });
  });

  it('drops, with a reason, everything that is not an answer to our question', () => {
    const verdict = (f: Uint8Array, t: number = PacketType.host) => judgeArpFrame(f, t, ctx);
    expect(verdict(reply('10.9.9.9', '00:1b:21:00:00:09'))).toEqual({ kind: 'drop', reason: 'not-asked' });
    expect(verdict(reply('10.0.0.9', '00:1b:21:00:00:09', '02:00:00:00:00:02'))).toEqual({
      kind: 'drop',
      reason: 'not-for-us',
    });
    expect(verdict(arpRequestFrame('00:1b:21:00:00:09', '10.0.0.9', '10.0.0.1'))).toEqual({
      kind: 'drop',
      reason: 'not-a-reply',
    });
    expect(verdict(arpRequestFrame(US, '10.0.0.1', '10.0.0.9'), PacketType.outgoing)).toEqual({
      kind: 'drop',
      reason: 'own-frame',
    });
    expect(verdict(Uint8Array.of(1, 2, 3))).toEqual({ kind: 'drop', reason: 'malformed' });
    const ipv4 = encodeEthernet({ destination: US, source: US, type: 0x0800, payload: new Uint8Array(40) });
    expect(verdict(ipv4)).toEqual({ kind: 'drop', reason: 'malformed' });
  });

  it('never throws and never accepts a frame that is not a well-formed reply to us (fuzzed)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 4 }), (bytes, t) => {
        const v = judgeArpFrame(bytes, t, { ourMac: US, asked: () => true });
        if (v.kind === 'accept') {
          expect(bytes[21]).toBe(ARP_REPLY);
          expect(Array.from(bytes.subarray(32, 38), (b) => b.toString(16).padStart(2, '0')).join(':')).toBe(US);
        }
      }),
      { numRuns: 2000 },
    );
    // Mutations of a valid reply: still never a crash.
    const good = reply('10.0.0.9', '00:1b:21:00:00:09');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, b) => {
        const f = good.slice();
        f[i] = b;
        expect(['accept', 'drop']).toContain(judgeArpFrame(f, 0, ctx).kind);
      }),
    );
    expect(ARP_REQUEST).toBe(1);
  });
});
