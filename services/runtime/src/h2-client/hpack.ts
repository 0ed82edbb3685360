import { decodingTree, huffmanDecode } from './huffman.ts';

/** A header field as it travels: name and value, in order. */
export type HeaderField = [name: string, value: string];

/** RFC 7541 Appendix A; index 1 is the first entry. */
const STATIC: readonly HeaderField[] = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ...[
    'accept-language',
    'accept-ranges',
    'accept',
    'access-control-allow-origin',
    'age',
    'allow',
    'authorization',
    'cache-control',
    'content-disposition',
    'content-encoding',
    'content-language',
    'content-length',
    'content-location',
    'content-range',
    'content-type',
    'cookie',
    'date',
    'etag',
    'expect',
    'expires',
    'from',
    'host',
    'if-match',
    'if-modified-since',
    'if-none-match',
    'if-range',
    'if-unmodified-since',
    'last-modified',
    'link',
    'location',
    'max-forwards',
    'proxy-authenticate',
    'proxy-authorization',
    'range',
    'referer',
    'refresh',
    'retry-after',
    'server',
    'set-cookie',
    'strict-transport-security',
    'transfer-encoding',
    'user-agent',
    'vary',
    'via',
    'www-authenticate',
  ].map((name): HeaderField => [name, '']),
];

/** RFC 7541 §4.1: an entry's size counts 32 octets besides its name and value. */
const ENTRY_OVERHEAD = 32;

/** A malformed header block: the connection cannot go on (COMPRESSION_ERROR). */
export class HpackError extends Error {}

/**
 * Decodes the header blocks of one connection, in the order they came: the dynamic table they
 * build is shared by every block of the connection. `maxTableSize` is what this side announced
 * (SETTINGS_HEADER_TABLE_SIZE); `maxListSize` bounds one block's decoded fields.
 */
export class HpackDecoder {
  readonly #maxTableSize: number;
  readonly #maxListSize: number;
  #limit: number;
  /** Newest first, as dynamic indexes count. */
  #table: HeaderField[] = [];
  #size = 0;
  #tree: Int32Array | undefined;

  constructor(maxTableSize = 4096, maxListSize = 256 * 1024) {
    this.#maxTableSize = maxTableSize;
    this.#limit = maxTableSize;
    this.#maxListSize = maxListSize;
  }

  decode(block: Uint8Array): HeaderField[] {
    const r = { bytes: block, at: 0 };
    const out: HeaderField[] = [];
    let listSize = 0;
    let first = true;
    while (r.at < block.length) {
      const b = block[r.at] as number;
      let field: HeaderField | undefined;
      if (b & 0x80) field = this.#entry(integer(r, 7));
      else if ((b & 0xe0) === 0x20) {
        // A table size update may only open a block (RFC 7541 §4.2).
        if (!first) throw new HpackError('a table size update after a header field');
        const size = integer(r, 5);
        if (size > this.#maxTableSize) throw new HpackError(`a table size update to ${size} octets, over the limit`);
        this.#limit = size;
        this.#evict(0);
        continue;
      } else {
        const indexing = (b & 0xc0) === 0x40;
        const index = integer(r, indexing ? 6 : 4);
        const name = index === 0 ? this.#string(r) : (this.#entry(index)[0] as string);
        field = [name, this.#string(r)];
        if (indexing) this.#add(field);
      }
      first = false;
      listSize += field[0].length + field[1].length + ENTRY_OVERHEAD;
      if (listSize > this.#maxListSize) throw new HpackError(`a header block over ${this.#maxListSize} octets`);
      out.push(field);
    }
    return out;
  }

  #entry(index: number): HeaderField {
    const field = index <= STATIC.length ? STATIC[index - 1] : this.#table[index - STATIC.length - 1];
    if (index === 0 || !field) throw new HpackError(`no header table entry ${index}`);
    return field;
  }

  #string(r: Reader): string {
    if (r.at >= r.bytes.length) throw new HpackError('a header block cut short');
    const huffman = ((r.bytes[r.at] as number) & 0x80) !== 0;
    const length = integer(r, 7);
    if (r.at + length > r.bytes.length) throw new HpackError('a header string longer than its block');
    let octets = r.bytes.subarray(r.at, r.at + length);
    r.at += length;
    if (huffman) {
      this.#tree ??= decodingTree();
      try {
        octets = huffmanDecode(octets, this.#tree);
      } catch (err) {
        throw new HpackError((err as Error).message);
      }
    }
    return latin1(octets);
  }

  #add(field: HeaderField): void {
    const size = field[0].length + field[1].length + ENTRY_OVERHEAD;
    this.#evict(size);
    // An entry larger than the whole table empties it and is not kept (RFC 7541 §4.4).
    if (size > this.#limit) return;
    this.#table.unshift(field);
    this.#size += size;
  }

  /** Drops the oldest entries until `room` octets fit under the limit. */
  #evict(room: number): void {
    while (this.#size + room > this.#limit && this.#table.length > 0) {
      const [name, value] = this.#table.pop() as HeaderField;
      this.#size -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }
}

type Reader = { bytes: Uint8Array; at: number };

/** An integer with an N-bit prefix (RFC 7541 §5.1), at most 2^28: no header needs more. */
function integer(r: Reader, prefixBits: number): number {
  const max = (1 << prefixBits) - 1;
  let value = (r.bytes[r.at++] as number) & max;
  if (value < max) return value;
  for (let shift = 0; shift <= 21; shift += 7) {
    if (r.at >= r.bytes.length) throw new HpackError('a header block cut short');
    const b = r.bytes[r.at++] as number;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return value;
  }
  throw new HpackError('an integer too large in a header block');
}

/** Header octets as a string, one character per octet, as Node's HTTP/2 gives them. */
function latin1(octets: Uint8Array): string {
  let s = '';
  for (let i = 0; i < octets.length; i += 4096)
    s += String.fromCharCode(...octets.subarray(i, Math.min(i + 4096, octets.length)));
  return s;
}

/**
 * A header block of literal fields, never added to the server's table (RFC 7541 §6.2.2): this
 * client sends a few small headers on few calls, where indexing would save nothing. A name in
 * the static table is sent as its index.
 */
export function encodeHeaders(fields: readonly HeaderField[]): Uint8Array {
  const out: number[] = [];
  for (const [name, value] of fields) {
    const index = STATIC.findIndex(([n]) => n === name) + 1;
    pushInteger(out, 0x00, 4, index);
    if (index === 0) pushString(out, name);
    pushString(out, value);
  }
  return Uint8Array.from(out);
}

function pushString(out: number[], s: string): void {
  const octets = new TextEncoder().encode(s);
  pushInteger(out, 0x00, 7, octets.length);
  for (const b of octets) out.push(b);
}

function pushInteger(out: number[], flags: number, prefixBits: number, value: number): void {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    out.push(flags | value);
    return;
  }
  out.push(flags | max);
  let rest = value - max;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}
