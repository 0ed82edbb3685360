import { describe, expect, it } from 'vitest';
import { clientGuid, clientNdi, hex, ipv4, ipv4List, text, u8List, u16, u16List, u32 } from './value-kinds.ts';

describe('option value kinds', () => {
  it('read and write addresses, refusing wrong lengths and bad text', () => {
    expect(ipv4List.decode(ipv4List.encode(['10.0.0.1', '10.0.0.2']))).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(ipv4List.decode(Uint8Array.of(1, 2, 3))).toBeUndefined();
    expect(ipv4.decode(Uint8Array.of(1, 2, 3, 4, 5))).toBeUndefined();
    expect(() => ipv4.encode('10.0.0')).toThrow(/not an IPv4/);
    expect(() => ipv4List.encode([])).toThrow(/non-empty/);
  });

  it('read and write big-endian integers in range', () => {
    expect(Array.from(u32.encode(86400))).toEqual([0, 1, 81, 128]);
    expect(u32.decode(Uint8Array.of(255, 255, 255, 255))).toBe(4294967295);
    expect(u16.decode(Uint8Array.of(5, 192))).toBe(1472);
    expect(() => u16.encode(65536)).toThrow(/0..65535/);
    expect(() => u32.encode(-1 as number)).toThrow();
  });

  it('read text without trailing NULs and hex in any separator style', () => {
    expect(text.decode(Uint8Array.of(104, 111, 0))).toBe('ho');
    expect(hex.encode('01:52-54 00')).toEqual(Uint8Array.of(1, 0x52, 0x54, 0));
    expect(() => hex.encode('0g')).toThrow(/not hex/);
  });

  it('read PXE arch lists, NDI and GUID (RFC 4578)', () => {
    expect(u16List.decode(Uint8Array.of(0, 7, 0, 16))).toEqual([7, 16]);
    expect(u8List.encode([1, 3, 6])).toEqual(Uint8Array.of(1, 3, 6));
    expect(clientNdi.decode(Uint8Array.of(1, 3, 16))).toEqual({ type: 1, major: 3, minor: 16 });
    const guid = '00112233-4455-6677-8899-aabbccddeeff';
    expect(clientGuid.encode(guid)[0]).toBe(0);
    expect(clientGuid.decode(clientGuid.encode(guid))).toBe(guid);
    expect(clientGuid.decode(Uint8Array.of(1, ...new Uint8Array(16)))).toBeUndefined();
  });
});
