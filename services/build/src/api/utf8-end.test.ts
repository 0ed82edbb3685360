import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wholeUtf8Length } from './utf8-end.ts';

describe('wholeUtf8Length', () => {
  it('cuts before a character split at the end, and keeps whole ones', () => {
    const text = Buffer.from('a€b😀');
    expect(wholeUtf8Length(text)).toBe(text.length);
    expect(wholeUtf8Length(text.subarray(0, 2))).toBe(1); // half of €
    expect(wholeUtf8Length(text.subarray(0, 3))).toBe(1);
    expect(wholeUtf8Length(text.subarray(0, 4))).toBe(4);
    expect(wholeUtf8Length(text.subarray(0, 7))).toBe(5); // 2 of 😀's 4 bytes
    expect(wholeUtf8Length(Buffer.alloc(0))).toBe(0);
  });

  it('read in chunks of any size, the text comes out as written', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 4, max: 40 }), (s, chunk) => {
        const bytes = Buffer.from(s);
        let out = '';
        for (let at = 0; at < bytes.length; ) {
          const piece = bytes.subarray(at, at + chunk);
          const n = wholeUtf8Length(piece);
          out += piece.subarray(0, n).toString('utf8');
          at += n;
        }
        expect(out).toBe(s);
      }),
    );
  });
});
