import { describe, expect, it } from 'vitest';
import { decodeMessage, MAX_DATAGRAM_LENGTH } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { emptyMessage, fieldText, textField } from './message.ts';

/** A valid DISCOVER with the given option bytes (after the cookie) and field overrides. */
function packet(options: number[], patch: (b: Uint8Array) => void = () => {}): Uint8Array {
  const b = new Uint8Array(240 + options.length);
  b.set([1, 1, 6, 0, 0xde, 0xad, 0xbe, 0xef]);
  b.set([0x52, 0x54, 0, 1, 2, 3], 28);
  b.set([0x63, 0x82, 0x53, 0x63], 236);
  b.set(options, 240);
  patch(b);
  return b;
}

const reasonOf = (b: Uint8Array) => {
  const d = decodeMessage(b);
  return d.ok ? 'ok' : d.reason.code;
};

describe('decodeMessage', () => {
  it('reads the fixed header and options of a minimal DISCOVER', () => {
    const d = decodeMessage(packet([53, 1, 1, 61, 3, 1, 2, 3, 255]));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.message.xid).toBe(0xdeadbeef);
    expect(Array.from(d.message.chaddr)).toEqual([0x52, 0x54, 0, 1, 2, 3]);
    expect(d.message.options).toEqual([
      { code: 53, data: Uint8Array.of(1) },
      { code: 61, data: Uint8Array.of(1, 2, 3) },
    ]);
  });

  it('names each malformation with a stable code', () => {
    expect(reasonOf(new Uint8Array(MAX_DATAGRAM_LENGTH + 1))).toBe('oversized');
    expect(reasonOf(packet([53, 1, 1, 255]).subarray(0, 239))).toBe('truncated');
    expect(reasonOf(packet([53, 1, 1, 255], (b) => (b[0] = 3)))).toBe('bad-op');
    expect(reasonOf(packet([53, 1, 1, 255], (b) => (b[2] = 17)))).toBe('bad-hlen');
    expect(reasonOf(packet([53, 1, 1, 255], (b) => (b[239] = 0)))).toBe('bad-magic-cookie');
    expect(reasonOf(packet([53, 1, 1, 12, 9, 65]))).toBe('bad-option-length');
    expect(reasonOf(packet([53, 2, 1, 1, 255]))).toBe('bad-option-length');
    expect(reasonOf(packet([61, 1, 1, 255]))).toBe('missing-message-type');
    expect(reasonOf(packet([53, 1, 99, 255]))).toBe('unknown-message-type');
    expect(reasonOf(packet([52, 1, 4, 53, 1, 1, 255]))).toBe('bad-overload');
    expect(reasonOf(packet([52, 1, 1, 53, 1, 1, 255], (b) => b.set([52, 1, 2, 255], 108)))).toBe('bad-overload');
  });

  it('joins split instances of one option (RFC 3396) in first-seen place', () => {
    const d = decodeMessage(packet([53, 1, 1, 12, 2, 97, 98, 61, 1, 7, 12, 1, 99, 255]));
    expect(d.ok && d.message.options.map((o) => [o.code, Array.from(o.data)])).toEqual([
      [53, [1]],
      [12, [97, 98, 99]],
      [61, [7]],
    ]);
  });

  it('reads options from file then sname when overloaded, and empties those fields', () => {
    const d = decodeMessage(
      packet([53, 1, 1, 52, 1, 3, 12, 1, 97, 255], (b) => {
        b.set([12, 1, 98, 255], 108); // file
        b.set([12, 1, 99, 67, 3, 120, 46, 48, 255], 44); // sname
      }),
    );
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(new TextDecoder().decode(d.message.options[1]!.data)).toBe('abc');
    expect(d.message.options.map((o) => o.code)).toEqual([53, 12, 67]);
    expect([d.message.file.length, d.message.sname.length]).toEqual([0, 0]);
  });

  it('keeps sname and file as bytes without their NUL padding', () => {
    const m = { ...emptyMessage(2), file: textField('undionly.kpxe'), options: [{ code: 53, data: Uint8Array.of(2) }] };
    const e = encodeMessage(m);
    const d = e.ok ? decodeMessage(e.bytes) : undefined;
    expect(d?.ok && fieldText(d.message.file)).toBe('undionly.kpxe');
  });

  it('tolerates a missing End but not an option cut by the end of the packet', () => {
    expect(reasonOf(packet([53, 1, 3]))).toBe('ok');
    expect(reasonOf(packet([53, 1, 3, 55]))).toBe('bad-option-length');
  });
});
