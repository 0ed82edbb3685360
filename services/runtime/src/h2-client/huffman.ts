/**
 * HPACK's Huffman code (RFC 7541 Appendix B), decoding only: a server may send any header
 * Huffman-coded, while this client sends its own as plain literals.
 *
 * The code is canonical: codes are handed out in order of length, and in symbol order within one
 * length, so the bit length of each symbol (0-255, and 256 for EOS) is the whole table.
 */
const LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28,
  28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6,
  5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23,
  22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20, 22, 22,
  23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23, 26, 26,
  20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27,
  27, 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27,
  27, 27, 27, 26, 30,
];
const EOS = 256;

/** Each symbol's code, as [code, length in bits], handed out as a canonical code is (RFC 1951 §3.2.2). */
export function huffmanCodes(): Array<[number, number]> {
  const count = new Array<number>(31).fill(0);
  for (const len of LENGTHS) count[len] = (count[len] as number) + 1;
  const next = new Array<number>(31).fill(0);
  for (let len = 1, code = 0; len <= 30; len++) {
    code = (code + (count[len - 1] as number)) << 1;
    next[len] = code;
  }
  return LENGTHS.map((len) => {
    const code = next[len] as number;
    next[len] = code + 1;
    return [code, len];
  });
}

/**
 * The decoding tree, two slots per node: a slot holds the next node's index, or a symbol as
 * -1 - symbol. A decoder builds it at its first Huffman-coded string, not at load.
 */
export function decodingTree(): Int32Array {
  const t = new Int32Array(2 * 2 * LENGTHS.length);
  let nodes = 1;
  for (const [sym, [code, len]] of huffmanCodes().entries()) {
    let node = 0;
    for (let bit = len - 1; bit >= 0; bit--) {
      const slot = 2 * node + ((code >>> bit) & 1);
      if (bit === 0) t[slot] = -1 - sym;
      else {
        if (t[slot] === 0) t[slot] = nodes++;
        node = t[slot] as number;
      }
    }
  }
  return t;
}

/**
 * The octets a Huffman-coded string stands for. Throws when it holds EOS, or ends in anything
 * but up to 7 one-bits of padding (RFC 7541 §5.2).
 */
export function huffmanDecode(bytes: Uint8Array, t: Int32Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((bytes.length * 8) / 5));
  let n = 0;
  let node = 0;
  let pending = 0; // bits read since the last whole symbol
  let allOnes = true;
  for (const byte of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      const one = (byte >> bit) & 1;
      const next = t[2 * node + one] as number;
      pending++;
      allOnes &&= one === 1;
      if (next < 0) {
        const sym = -1 - next;
        if (sym === EOS) throw new Error('a Huffman-coded string holds EOS');
        out[n++] = sym;
        node = 0;
        pending = 0;
        allOnes = true;
      } else node = next;
    }
  }
  if (pending > 7 || !allOnes) throw new Error('a Huffman-coded string ends in bad padding');
  return out.subarray(0, n);
}
