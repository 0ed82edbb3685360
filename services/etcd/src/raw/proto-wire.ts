/**
 * The little of protobuf's wire format etcd's KV and Watch messages need: varints (int64 values
 * as JS numbers, exact up to 2^53, far beyond any revision), length-delimited bytes and nested
 * messages. Hand-written because the generic codec (protobufjs from objects) was the etcd
 * client thread's largest cost per lease claim.
 */

/**
 * Appends fields to one growing buffer. A nested message is written in place after a one-byte
 * length, moved up in the rare case its length needs more: no buffer per message.
 */
export class ProtoWriter {
  #buf = Buffer.allocUnsafe(1024);
  #at = 0;

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#at + n));
    this.#buf.copy(next, 0, 0, this.#at);
    this.#buf = next;
  }

  #varint(v: number): void {
    this.#room(10);
    while (v > 127) {
      this.#buf[this.#at++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.#buf[this.#at++] = v;
  }

  /**
   * A varint field (int64, enums, bools); written even when 0 (a oneof member needs it). A
   * negative value is int64's two's complement, ten bytes (a compare no revision can meet).
   */
  int(field: number, v: number): this {
    if (!Number.isSafeInteger(v)) throw new RangeError(`field ${field}: ${v} is not a safe integer`);
    this.#varint(field * 8);
    if (v >= 0) this.#varint(v);
    else {
      this.#room(10);
      let u = 2n ** 64n + BigInt(v);
      for (; u > 127n; u >>= 7n) this.#buf[this.#at++] = Number(u & 127n) | 128;
      this.#buf[this.#at++] = Number(u);
    }
    return this;
  }

  /** A bytes or string field (a string as UTF-8). */
  bytes(field: number, v: Buffer | string): this {
    const n = typeof v === 'string' ? Buffer.byteLength(v) : v.length;
    this.#varint(field * 8 + 2);
    this.#varint(n);
    this.#room(n);
    if (typeof v === 'string') this.#buf.write(v, this.#at);
    else v.copy(this.#buf, this.#at);
    this.#at += n;
    return this;
  }

  message(field: number, fill: (w: ProtoWriter) => void): this {
    this.#varint(field * 8 + 2);
    this.#room(1);
    const start = ++this.#at;
    fill(this);
    const n = this.#at - start;
    let size = 1;
    for (let v = n; v > 127; v = Math.floor(v / 128)) size++;
    if (size > 1) {
      this.#room(size - 1);
      this.#buf.copyWithin(start + size - 1, start, this.#at);
    }
    this.#at = start - 1;
    this.#varint(n);
    this.#at += n;
    return this;
  }

  finish(): Buffer {
    return this.#buf.subarray(0, this.#at);
  }
}

/** Told each field of a message: a varint's value (`bytes` undefined), or a length-delimited field's bytes. */
export type OnField = (field: number, int: number, bytes: Buffer | undefined) => void;

/**
 * Reads the fields of one message in order. Malformed input (a truncated field, a wire type
 * etcd's messages do not use) throws an Error saying where, never reads out of bounds.
 */
export function readFields(buf: Buffer, on: OnField): void {
  let at = 0;
  const varint = (): number => {
    let v = 0;
    for (let scale = 1; ; scale *= 128) {
      if (at >= buf.length) throw new Error(`truncated varint at byte ${at}`);
      if (scale > 2 ** 63) throw new Error(`varint longer than 10 bytes at byte ${at}`);
      const b = buf[at++]!;
      v += (b & 127) * scale;
      if (b < 128) return v;
    }
  };
  while (at < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const type = tag % 8;
    if (type === 0) on(field, varint(), undefined);
    else if (type === 2) {
      const n = varint();
      if (at + n > buf.length) throw new Error(`field ${field}: ${n} bytes past the message's end`);
      const bytes = buf.subarray(at, at + n);
      at += n;
      on(field, 0, bytes);
    } else if (type === 1 || type === 5) {
      const n = type === 1 ? 8 : 4;
      if (at + n > buf.length) throw new Error(`field ${field}: truncated fixed-size value`);
      at += n;
    } else throw new Error(`field ${field}: wire type ${type} not supported`);
  }
}
