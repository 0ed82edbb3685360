import { describe, expect, it } from 'vitest';
import { internetChecksum } from './checksum.ts';

describe('internetChecksum', () => {
  it('matches the worked example of RFC 1071 §3', () => {
    // Words 0001 f203 f4f5 f6f7 sum to 2ddf0, folded ddf2, complemented 220d.
    expect(internetChecksum(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7))).toBe(0x220d);
  });

  it('verifies an IPv4 header that carries its checksum to zero', () => {
    const hdr = Uint8Array.from(Buffer.from('450000543a8e40004001eb7e0a4d00010a4d0002', 'hex'));
    expect(internetChecksum(hdr)).toBe(0);
    hdr[10] = 0;
    hdr[11] = 0;
    expect(internetChecksum(hdr)).toBe(0xeb7e);
  });

  it('pads an odd trailing byte with zero', () => {
    expect(internetChecksum(Uint8Array.of(0x12))).toBe(internetChecksum(Uint8Array.of(0x12, 0)));
    expect(internetChecksum(new Uint8Array(0))).toBe(0xffff);
  });

  it('folds many carries for large inputs', () => {
    const data = new Uint8Array(65536).fill(0xff);
    expect(internetChecksum(data)).toBe(0);
  });
});
