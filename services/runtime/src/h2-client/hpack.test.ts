import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHeaders, type HeaderField, HpackDecoder, HpackError } from './hpack.ts';
import { decodingTree, huffmanCodes, huffmanDecode } from './huffman.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** A Huffman coder for the tests: the client itself never codes with it. */
function huffmanEncode(octets: Uint8Array): Uint8Array {
  const codes = huffmanCodes();
  let bits = '';
  for (const b of octets) {
    const [code, len] = codes[b] as [number, number];
    bits += code.toString(2).padStart(len, '0');
  }
  bits += '1'.repeat((8 - (bits.length % 8)) % 8);
  return Uint8Array.from(bits.match(/.{8}/g) ?? [], (byte) => Number.parseInt(byte, 2));
}

describe("HPACK's Huffman code (RFC 7541 Appendix B)", () => {
  it('has the codes of the table, rebuilt from the lengths alone', () => {
    const codes = huffmanCodes();
    expect(codes[0]).toEqual([0x1ff8, 13]);
    expect(codes[' '.charCodeAt(0)]).toEqual([0x14, 6]);
    expect(codes['a'.charCodeAt(0)]).toEqual([0x3, 5]);
    expect(codes['~'.charCodeAt(0)]).toEqual([0x1ffd, 13]);
    expect(codes[10]).toEqual([0x3ffffffc, 30]);
    expect(codes[255]).toEqual([0x3ffffee, 26]);
    expect(codes[256]).toEqual([0x3fffffff, 30]);
  });

  it("decodes the RFC's examples (Appendix C.4, C.6)", () => {
    const tree = decodingTree();
    const cases: Array<[string, string]> = [
      ['f1e3 c2e5 f23a 6ba0 ab90 f4ff', 'www.example.com'],
      ['a8eb 1064 9cbf', 'no-cache'],
      ['25a8 49e9 5bb8 e8b4 bf', 'custom-value'],
      ['6402', '302'],
      ['aec3 771a 4b', 'private'],
      ['d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff', 'Mon, 21 Oct 2013 20:13:21 GMT'],
      ['9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3', 'https://www.example.com'],
    ];
    for (const [coded, plain] of cases) expect(text(huffmanDecode(hex(coded), tree))).toBe(plain);
  });

  it('refuses EOS inside a string, and padding that is long or not all ones', () => {
    const tree = decodingTree();
    expect(() => huffmanDecode(hex('ffff fffc'), tree)).toThrow(/EOS/);
    expect(text(huffmanDecode(hex('67'), tree))).toBe('3'); // '3', then two bits of padding
    expect(() => huffmanDecode(hex('65'), tree)).toThrow(/padding/); // padding '01'
    expect(() => huffmanDecode(hex('67ff'), tree)).toThrow(/padding/); // 10 bits of ones
  });

  it('gives back any octets coded with it', () => {
    const tree = decodingTree();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (octets) => {
        expect(huffmanDecode(huffmanEncode(octets), tree)).toEqual(octets);
      }),
    );
  });
});

describe('HPACK header blocks (RFC 7541)', () => {
  it('decodes a connection of requests, Huffman-coded, sharing one table (Appendix C.4)', () => {
    const d = new HpackDecoder();
    const base: HeaderField[] = [
      [':method', 'GET'],
      [':scheme', 'http'],
      [':path', '/'],
      [':authority', 'www.example.com'],
    ];
    expect(d.decode(hex('8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff'))).toEqual(base);
    expect(d.decode(hex('8286 84be 5886 a8eb 1064 9cbf'))).toEqual([...base, ['cache-control', 'no-cache']]);
    expect(d.decode(hex('8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'))).toEqual([
      [':method', 'GET'],
      [':scheme', 'https'],
      [':path', '/index.html'],
      [':authority', 'www.example.com'],
      ['custom-key', 'custom-value'],
    ]);
  });

  it('evicts the oldest entries from a 256-octet table (Appendix C.5)', () => {
    const d = new HpackDecoder(256);
    const date = 'Mon, 21 Oct 2013 20:13:21 GMT';
    const location = 'https://www.example.com';
    expect(
      d.decode(
        hex(`4803 3330 3258 0770 7269 7661 7465 611d ${Buffer.from(date).toString('hex')}
             6e17 ${Buffer.from(location).toString('hex')}`),
      ),
    ).toEqual([
      [':status', '302'],
      ['cache-control', 'private'],
      ['date', date],
      ['location', location],
    ]);
    // ':status 302' is evicted to make room for ':status 307'; the rest is found by index.
    expect(d.decode(hex('4803 3330 37c1 c0bf'))).toEqual([
      [':status', '307'],
      ['cache-control', 'private'],
      ['date', date],
      ['location', location],
    ]);
    expect(() => d.decode(hex('c2'))).toThrow(/no header table entry 66/); // four entries: 62-65
  });

  it('applies a table size update only at the start of a block, and never above the limit', () => {
    const d = new HpackDecoder(4096);
    d.decode(hex('4803 3330 32'));
    expect(d.decode(hex('20'))).toEqual([]); // size 0 empties the table
    expect(() => d.decode(hex('be'))).toThrow(/no header table entry 62/);
    expect(() => d.decode(hex('82 20'))).toThrow(/after a header field/);
    expect(() => d.decode(hex('3fe2 1f'))).toThrow(/over the limit/); // 4096 + 31 + ... > 4096
  });

  it('reads back what the client encodes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/), fc.string({ maxLength: 300 })), {
          maxLength: 20,
        }),
        (fields) => {
          const ascii = fields.map(([n, v]): HeaderField => [n, v.replace(/[^\x20-\x7e]/g, '?')]);
          expect(new HpackDecoder().decode(encodeHeaders(ascii))).toEqual(ascii);
        },
      ),
    );
  });

  it('answers any bytes with header fields or an HpackError, never another failure', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (blocks) => {
        const d = new HpackDecoder(256, 4096);
        for (const block of blocks) {
          try {
            const fields = d.decode(block);
            expect(Array.isArray(fields)).toBe(true);
          } catch (err) {
            expect(err).toBeInstanceOf(HpackError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a block that decodes to more than the list limit, and lengths past its end', () => {
    const d = new HpackDecoder(4096, 100);
    const big = encodeHeaders([['x-a', 'v'.repeat(80)]]);
    expect(() => d.decode(big)).toThrow(/over 100 octets/);
    expect(() => d.decode(hex('0003 6162'))).toThrow(/longer than its block/);
    expect(() => d.decode(hex('00ff ffff ffff ff'))).toThrow(HpackError);
  });
});
