import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMagicPacket, findMagicPacket, parsePassword } from './magic-packet.ts';
import { wolFrame } from './wol-frame.ts';

const MAC = '52:54:00:12:34:56';
const macBytes = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

describe('magic packet', () => {
  it('is six 0xFF then the MAC sixteen times, then the password', () => {
    const expected = [...new Array(6).fill(0xff), ...new Array(16).fill(macBytes).flat()];
    expect([...encodeMagicPacket(MAC)]).toEqual(expected);
    expect([...encodeMagicPacket(MAC, Uint8Array.of(1, 2, 3, 4))]).toEqual([...expected, 1, 2, 3, 4]);
    expect(() => encodeMagicPacket(MAC, Uint8Array.of(1, 2, 3))).toThrow(/4 or 6 bytes/);
    expect(() => encodeMagicPacket('52:54:00:12:34')).toThrow(/not a MAC/);
  });

  it('as an EtherType 0x0842 broadcast frame from our MAC', () => {
    const f = wolFrame('02:00:00:00:00:01', MAC, Uint8Array.of(9, 9, 9, 9, 9, 9));
    expect([...f.subarray(0, 14)]).toEqual([255, 255, 255, 255, 255, 255, 2, 0, 0, 0, 0, 1, 0x08, 0x42]);
    expect(f.length).toBe(14 + 102 + 6);
  });

  it('parses SecureOn passwords in both spellings, refusing others', () => {
    expect([...parsePassword('')]).toEqual([]);
    expect([...parsePassword('192.168.1.9')]).toEqual([192, 168, 1, 9]);
    expect([...parsePassword('aa-bb-cc-dd-ee-ff')]).toEqual([0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]);
    expect(() => parsePassword('secret')).toThrow(/4 bytes \(a\.b\.c\.d\) or 6 bytes/);
  });

  it('is found anywhere in a frame, as a NIC finds it; a broken one is not (fuzzed)', () => {
    const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).filter((m) => !m.every((b) => b === 0xff));
    // A 0xFF just before the sync makes the pattern ambiguous for a NIC too (the sync could start
    // one byte earlier, shifting the MAC), so the bytes before it end otherwise.
    const lead = fc.uint8Array({ maxLength: 40 }).filter((b) => b.at(-1) !== 0xff);
    fc.assert(
      fc.property(mac, lead, fc.uint8Array({ maxLength: 10 }), (m, before, after) => {
        const text = Array.from(m, (b) => b.toString(16).padStart(2, '0')).join(':');
        const packet = encodeMagicPacket(text);
        const frame = Uint8Array.from([...before, ...packet, ...after]);
        expect(findMagicPacket(frame)?.mac).toBe(text);
        const broken = packet.slice();
        broken[6 + 6 * 9] = (broken[6 + 6 * 9]! + 1) & 0xff;
        if (!findMagicPacket(Uint8Array.from([...before, ...after]))) {
          expect(findMagicPacket(Uint8Array.from([...before, ...broken, ...after]))?.mac).not.toBe(text);
        }
      }),
    );
  });
});
