import type { ByteReader, ByteWriter } from '@paddock/wire';

// IPMI puts its multi-byte integers on the wire little-endian (IPMI 2.0 §13.6), unlike the
// network-order reader and writer the other codecs share.

export function readLe32(r: ByteReader, what: string): number {
  const b = r.bytes(4, what);
  return b.length === 4 ? (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0 : 0;
}

export function readLe16(r: ByteReader, what: string): number {
  const b = r.bytes(2, what);
  return b.length === 2 ? b[0]! | (b[1]! << 8) : 0;
}

export function writeLe32(w: ByteWriter, v: number): ByteWriter {
  return w
    .u8(v & 0xff)
    .u8((v >>> 8) & 0xff)
    .u8((v >>> 16) & 0xff)
    .u8((v >>> 24) & 0xff);
}

export function writeLe16(w: ByteWriter, v: number): ByteWriter {
  return w.u8(v & 0xff).u8((v >>> 8) & 0xff);
}

export function le32(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A decode that never throws: the value, or why the bytes were refused. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });
