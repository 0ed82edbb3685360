import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.ts';
import { DEFAULT_MAX_LENGTH, encodeMessage, maxReplyLength } from './encode.ts';
import { type DhcpMessage, emptyMessage, textField } from './message.ts';

const offer = (options: [number, number][]): DhcpMessage => ({
  ...emptyMessage(2),
  options: options.map(([code, n]) => ({ code, data: new Uint8Array(n).fill(code === 53 ? 2 : code) })),
});

const bytesOf = (m: DhcpMessage, maxLength?: number) => {
  const e = encodeMessage(m, maxLength ? { maxLength } : {});
  if (!e.ok) throw new Error(e.reason.detail);
  return e.bytes;
};

describe('encodeMessage', () => {
  it('puts option 53 first, ends with 255 and pads to the BOOTP 300 bytes', () => {
    const b = bytesOf(
      offer([
        [51, 4],
        [53, 1],
      ]),
    );
    expect(b.length).toBe(300);
    expect(Array.from(b.subarray(240, 250))).toEqual([53, 1, 2, 51, 4, 51, 51, 51, 51, 255]);
  });

  it('splits a value over 255 bytes into consecutive instances (RFC 3396)', () => {
    const b = bytesOf(
      offer([
        [53, 1],
        [43, 300],
      ]),
      1000,
    );
    expect([b[243], b[244], b[243 + 257], b[244 + 257]]).toEqual([43, 255, 43, 45]);
    const d = decodeMessage(b);
    expect(d.ok && d.message.options[1]!.data.length).toBe(300);
  });

  it('reads option 57 as a datagram size, at least 576 and at most the MTU', () => {
    expect([maxReplyLength(), maxReplyLength(300), maxReplyLength(1472), maxReplyLength(9000)]).toEqual([
      548, 548, 1444, 1472,
    ]);
  });

  it('overloads file and sname when the options do not fit, and decodes back the same options', () => {
    const m = offer([
      [53, 1],
      [43, 200],
      [60, 100],
      [67, 60],
      [12, 40],
    ]);
    const b = bytesOf(m, DEFAULT_MAX_LENGTH);
    expect(b.length).toBeLessThanOrEqual(DEFAULT_MAX_LENGTH);
    expect(Array.from(b.subarray(240, 243))).toEqual([52, 1, 3]);
    const d = decodeMessage(b);
    const byCode = (list: DhcpMessage['options']) => [...list].sort((a, b) => a.code - b.code);
    expect(d.ok && byCode(d.message.options)).toEqual(byCode(m.options));
  });

  it('reports clearly when a reply cannot fit, instead of truncating', () => {
    const e = encodeMessage({
      ...offer([
        [53, 1],
        [43, 255],
        [60, 255],
      ]),
      file: textField('x'),
    });
    expect(e.ok).toBe(false);
    expect(!e.ok && e.reason.code).toBe('does-not-fit');
    expect(!e.ok && e.reason.detail).toMatch(/options need 518 bytes; 308 fit in a 548-byte message/);
  });

  it('refuses fields the wire cannot carry', () => {
    const bad = (m: Partial<DhcpMessage>) => {
      const e = encodeMessage({ ...offer([[53, 1]]), ...m });
      return e.ok ? 'ok' : e.reason.code;
    };
    expect(bad({ yiaddr: '10.0.0.300' })).toBe('bad-field');
    expect(bad({ chaddr: new Uint8Array(5) })).toBe('bad-field');
    expect(bad({ xid: 2 ** 32 })).toBe('bad-field');
    expect(
      bad({
        options: [
          { code: 52, data: Uint8Array.of(1) },
          { code: 53, data: Uint8Array.of(1) },
        ],
      }),
    ).toBe('bad-field');
    expect(bad({ options: [] })).toBe('missing-message-type');
  });
});
