import { ByteReader, ByteWriter } from '@paddock/wire';

/**
 * The SSH wire encoding (RFC 4251 §5) that keys, certificates and signatures are built from:
 * uint32, uint64 and length-prefixed strings. Reads go through the shared bounds-checked
 * ByteReader, so a truncated or lying length is a recorded error, never a wild read.
 */
export class SshReader {
  readonly r: ByteReader;

  constructor(bytes: Uint8Array) {
    this.r = new ByteReader(bytes);
  }

  u32(what: string): number {
    return this.r.u32(what);
  }

  u64(what: string): bigint {
    const hi = this.r.u32(what);
    const lo = this.r.u32(what);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  string(what: string): Uint8Array {
    const n = this.r.u32(`${what} length`);
    return this.r.bytes(n, what);
  }

  text(what: string): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(this.string(what));
  }

  /** The sticky error, or leftover bytes, or undefined when read cleanly. */
  finish(allowTrailing = false): string | undefined {
    return this.r.finish(allowTrailing);
  }
}

export class SshWriter {
  readonly w = new ByteWriter(512);

  u32(v: number): this {
    this.w.u32(v >>> 0);
    return this;
  }

  u64(v: bigint): this {
    if (v < 0n || v > 0xffff_ffff_ffff_ffffn) throw new RangeError(`u64 out of range: ${v}`);
    this.w.u32(Number(v >> 32n));
    this.w.u32(Number(v & 0xffff_ffffn));
    return this;
  }

  string(b: Uint8Array | string): this {
    const bytes = typeof b === 'string' ? new TextEncoder().encode(b) : b;
    this.w.u32(bytes.length);
    this.w.bytes(bytes);
    return this;
  }

  finish(): Uint8Array {
    return this.w.finish();
  }
}

/** Several strings packed one after another, as principals and option lists are. */
export function packStrings(items: readonly (string | Uint8Array)[]): Uint8Array {
  const w = new SshWriter();
  for (const s of items) w.string(s);
  return w.finish();
}

/** The inverse of packStrings; undefined when the packing is malformed. */
export function unpackStrings(bytes: Uint8Array, what: string): { items: Uint8Array[]; error?: string } {
  const r = new SshReader(bytes);
  const items: Uint8Array[] = [];
  while (r.r.ok && r.r.remaining > 0) items.push(r.string(what));
  const error = r.finish();
  return error ? { items, error } : { items };
}
