import { describe, expect, it } from 'vitest';
import { ByteReader } from './reader.ts';
import { ByteWriter } from './writer.ts';

describe('ByteReader', () => {
  it('reads big-endian integers and reports a clean finish', () => {
    const r = new ByteReader(Uint8Array.of(1, 0, 2, 0, 0, 0, 3));
    expect([r.u8(), r.u16(), r.u32()]).toEqual([1, 2, 3]);
    expect(r.finish()).toBeUndefined();
  });

  it('keeps the first error and returns zeros after it', () => {
    const r = new ByteReader(Uint8Array.of(9, 9));
    expect(r.u32('xid')).toBe(0);
    expect(r.u8()).toBe(0);
    expect(r.finish()).toMatch(/truncated: xid needs 4 bytes at offset 0, 2 left/);
  });

  it('rejects trailing bytes unless allowed', () => {
    const r = new ByteReader(Uint8Array.of(1, 2));
    r.u8();
    expect(r.finish()).toMatch(/1 trailing bytes/);
    expect(r.finish(true)).toBeUndefined();
  });

  it('reads NUL-terminated strings and fails on a missing terminator', () => {
    const r = new ByteReader(new TextEncoder().encode('a.bin\0octet'));
    expect(new TextDecoder().decode(r.cstring())).toBe('a.bin');
    r.cstring('mode');
    expect(r.finish()).toMatch(/unterminated mode/);
  });

  it('round-trips through ByteWriter, growing past its first capacity', () => {
    const w = new ByteWriter(2).u8(7).u16(513).u32(0xdeadbeef).cstring(Uint8Array.of(65)).zeros(3);
    w.patchU16(1, 9);
    const r = new ByteReader(w.finish());
    expect([r.u8(), r.u16(), r.u32(), Array.from(r.cstring()), Array.from(r.rest())]).toEqual([
      7,
      9,
      0xdeadbeef,
      [65],
      [0, 0, 0],
    ]);
  });
});
