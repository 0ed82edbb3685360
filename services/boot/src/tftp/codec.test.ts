import { mutated } from '@paddock/testkit/fuzz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePacket, encodePacket, type TftpPacket } from './codec.ts';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('decodePacket', () => {
  it('decodes the RRQ UEFI PXE firmware sends, options in order and lower-cased', () => {
    const rrq = bytes('\0\x01bootx64.efi\0Octet\0TSIZE\x000\0blksize\x001468\0windowsize\x004\0');
    expect(decodePacket(rrq)).toEqual({
      ok: true,
      packet: {
        op: 'rrq',
        filename: 'bootx64.efi',
        mode: 'octet',
        options: [
          { name: 'tsize', value: '0' },
          { name: 'blksize', value: '1468' },
          { name: 'windowsize', value: '4' },
        ],
      },
    });
  });

  it('keeps duplicated options so policy can see them', () => {
    const d = decodePacket(bytes('\0\x01f\0octet\0blksize\x00512\0BLKSIZE\x001468\0'));
    expect(d.ok && d.packet.op === 'rrq' && d.packet.options.map((o) => o.name)).toEqual(['blksize', 'blksize']);
  });

  it('tolerates NUL padding after the options but not an option without a value', () => {
    expect(decodePacket(bytes('\0\x01f\0netascii\0\0\0\0')).ok).toBe(true);
    expect(decodePacket(bytes('\0\x01f\0octet\0blksize\0'))).toMatchObject({ ok: false, reason: /unterminated value/ });
  });

  it('rejects unknown modes, unknown opcodes, truncation and trailing bytes', () => {
    expect(decodePacket(bytes('\0\x01f\0binary\0'))).toMatchObject({ ok: false, reason: /unknown mode/ });
    expect(decodePacket(bytes('\0\x09'))).toMatchObject({ ok: false, reason: /unknown opcode 9/ });
    expect(decodePacket(bytes('\0'))).toMatchObject({ ok: false, reason: /truncated/ });
    expect(decodePacket(bytes('\0\x04\0\x01x'))).toMatchObject({ ok: false, reason: /1 trailing bytes/ });
    expect(decodePacket(bytes('\0\x01f\0octet'))).toMatchObject({ ok: false, reason: /unterminated mode/ });
  });

  it('rejects a file name that is not UTF-8', () => {
    expect(decodePacket(Uint8Array.of(0, 1, 0xff, 0xfe, 0, 0x6f, 0x63, 0x74, 0x65, 0x74, 0))).toMatchObject({
      ok: false,
      reason: /filename is not valid UTF-8/,
    });
  });

  it('reads ERROR messages with or without their NUL', () => {
    expect(decodePacket(bytes('\0\x05\0\x08abort'))).toEqual({
      ok: true,
      packet: { op: 'error', code: 8, message: 'abort' },
    });
    expect(decodePacket(bytes('\0\x05\0\x01gone\0\0\0'))).toMatchObject({ packet: { code: 1, message: 'gone' } });
  });

  it('reads DATA with an empty final block and ACK', () => {
    expect(decodePacket(bytes('\0\x03\xff\xff'))).toEqual({
      ok: true,
      packet: { op: 'data', block: 65535, data: new Uint8Array(0) },
    });
    expect(decodePacket(bytes('\0\x04\x01\x02'))).toEqual({ ok: true, packet: { op: 'ack', block: 258 } });
  });

  it('never throws on random or mutated datagrams', () => {
    const seed = encodePacket({
      op: 'rrq',
      filename: 'a/b.efi',
      mode: 'octet',
      options: [{ name: 'blksize', value: '1468' }],
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), mutated(seed)), (b) => {
        const d = decodePacket(b);
        expect(typeof d.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('encodePacket', () => {
  const name = fc.stringMatching(/^[a-z0-9./_-]{1,20}$/);
  const packet: fc.Arbitrary<TftpPacket> = fc.oneof(
    fc.record({
      op: fc.constantFrom('rrq' as const, 'wrq' as const),
      filename: name,
      mode: fc.constantFrom('octet' as const, 'netascii' as const, 'mail' as const),
      options: fc.array(fc.record({ name, value: name }), { maxLength: 4 }),
    }),
    fc.record({ op: fc.constant('data' as const), block: fc.nat(65535), data: fc.uint8Array({ maxLength: 1500 }) }),
    fc.record({ op: fc.constant('ack' as const), block: fc.nat(65535) }),
    fc.record({ op: fc.constant('error' as const), code: fc.nat(8), message: name }),
    fc.record({
      op: fc.constant('oack' as const),
      options: fc.array(fc.record({ name, value: name }), { maxLength: 4 }),
    }),
  );

  it('round-trips every packet through decode, byte for byte', () => {
    fc.assert(
      fc.property(packet, (p) => {
        const wire = encodePacket(p);
        const d = decodePacket(wire);
        expect(d).toEqual({ ok: true, packet: p });
        expect(d.ok && encodePacket(d.packet)).toEqual(wire);
      }),
      { numRuns: 500 },
    );
  });

  it('lays out an OACK as RFC 2347 shows it', () => {
    const oack = encodePacket({ op: 'oack', options: [{ name: 'blksize', value: '1468' }] });
    expect(oack).toEqual(bytes('\0\x06blksize\x001468\0'));
  });
});
