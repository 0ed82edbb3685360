/**
 * The little DER (X.690) Paddock writes and reads itself: enough to build a certificate's
 * to-be-signed part and to take a PKCS#10 request apart, with node:crypto doing every signature.
 * The reader is bounds-checked and throws DerError, which its callers turn into a refusal.
 */
export class DerError extends Error {}

export const TAG = {
  int: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8: 0x0c,
  printable: 0x13,
  t61: 0x14,
  ia5: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmp: 0x1e,
  seq: 0x30,
  set: 0x31,
} as const;

export function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 255]
          : [0x83, n >> 16, (n >> 8) & 255, n & 255];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

export const seq = (...parts: Uint8Array[]) => tlv(TAG.seq, ...parts);
export const set = (...parts: Uint8Array[]) => tlv(TAG.set, ...parts);
export const utf8 = (s: string) => tlv(TAG.utf8, Buffer.from(s, 'utf8'));
export const octets = (b: Uint8Array) => tlv(TAG.octetString, b);
/** A BIT STRING of whole bytes, or of `bits` with `unused` trailing bits (key usage flags). */
export const bitString = (b: Uint8Array, unused = 0) => tlv(TAG.bitString, Buffer.from([unused]), b);
/** [n] EXPLICIT: a constructed context tag around an encoded value. */
export const explicit = (n: number, inner: Uint8Array) => tlv(0xa0 | n, inner);
/** [n] IMPLICIT on a primitive value (GeneralName's dNSName [2], iPAddress [7], keyIdentifier [0]). */
export const implicit = (n: number, value: Uint8Array) => tlv(0x80 | n, value);
export const TRUE = Buffer.from([0x01, 0x01, 0xff]);

/** A non-negative INTEGER from big-endian bytes (hex serials), minimal and positive. */
export function uint(bytes: Uint8Array): Buffer {
  let b = Buffer.from(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  return tlv(TAG.int, (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

export function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const v of rest) {
    const groups = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) groups.unshift((x & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(TAG.oid, Buffer.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in seconds and Z. */
export function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? tlv(TAG.utcTime, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(TAG.generalizedTime, Buffer.from(`${iso}Z`, 'ascii'));
}

/** One element read: its tag, where its value lies, and where the next element starts. */
export interface Element {
  tag: number;
  start: number;
  valueStart: number;
  end: number;
}

/** Reads the element at `at`, which must lie within `[at, limit)`. */
export function read(buf: Uint8Array, at: number, limit = buf.length): Element {
  if (at + 2 > limit) throw new DerError('truncated element');
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let valueStart = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 3 || valueStart + count > limit) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + buf[valueStart + i]!;
    valueStart += count;
  }
  const end = valueStart + len;
  if (end > limit) throw new DerError('element runs past its container');
  return { tag, start: at, valueStart, end };
}

/** The elements directly inside a constructed element. */
export function children(buf: Uint8Array, e: Element): Element[] {
  const out: Element[] = [];
  for (let at = e.valueStart; at < e.end; ) {
    const c = read(buf, at, e.end);
    out.push(c);
    at = c.end;
  }
  return out;
}

export function expect(e: Element | undefined, tag: number, what: string): Element {
  if (!e || e.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return e;
}

export function readOid(buf: Uint8Array, e: Element): string {
  const b = buf.subarray(e.valueStart, e.end);
  if (b.length === 0) throw new DerError('empty OID');
  const parts = [Math.min(2, Math.floor(b[0]! / 40)), b[0]! - 40 * Math.min(2, Math.floor(b[0]! / 40))];
  let v = 0;
  for (const byte of b.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}
