import { describe, expect, it } from 'vitest';
import { netasciiFile, toNetascii } from './netascii.ts';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('netascii', () => {
  it('turns LF into CR LF and a bare CR into CR NUL (RFC 764)', () => {
    expect(toNetascii(bytes('a\nb\rc'))).toEqual(bytes('a\r\nb\r\0c'));
    expect(toNetascii(bytes(''))).toEqual(bytes(''));
  });

  it('wraps a file with its converted size and refuses huge ones', async () => {
    const src = bytes('one\ntwo\n');
    const file = {
      size: src.length,
      read: async (o: number, l: number) => src.subarray(o, o + l),
      close: async () => {},
    };
    const text = await netasciiFile(file);
    expect(text?.size).toBe(10);
    expect(await text?.read(3, 3)).toEqual(bytes('\r\nt'));
    expect(await netasciiFile({ ...file, size: 5 * 1024 * 1024 })).toBeUndefined();
  });
});
