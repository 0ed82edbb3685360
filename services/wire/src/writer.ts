/** A growable big-endian byte writer for encoders. */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(initialCapacity = 576) {
    this.#buf = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#buf.buffer);
  }

  get length(): number {
    return this.#length;
  }

  #reserve(n: number): number {
    const need = this.#length + n;
    if (need > this.#buf.length) {
      const next = new Uint8Array(Math.max(need, this.#buf.length * 2));
      next.set(this.#buf.subarray(0, this.#length));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    const at = this.#length;
    this.#length = need;
    return at;
  }

  u8(v: number): this {
    const at = this.#reserve(1);
    this.#view.setUint8(at, v);
    return this;
  }

  u16(v: number): this {
    const at = this.#reserve(2);
    this.#view.setUint16(at, v);
    return this;
  }

  u32(v: number): this {
    const at = this.#reserve(4);
    this.#view.setUint32(at, v);
    return this;
  }

  bytes(b: Uint8Array): this {
    const at = this.#reserve(b.length);
    this.#buf.set(b, at);
    return this;
  }

  /** n zero bytes. */
  zeros(n: number): this {
    const at = this.#reserve(n);
    this.#buf.fill(0, at, this.#length);
    return this;
  }

  /** Bytes followed by a NUL terminator. */
  cstring(b: Uint8Array): this {
    return this.bytes(b).u8(0);
  }

  /** Overwrites a big-endian u16 already written at `at` (for lengths known only later). */
  patchU16(at: number, v: number): this {
    if (at + 2 > this.#length) throw new RangeError(`patch at ${at} beyond ${this.#length}`);
    this.#view.setUint16(at, v);
    return this;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#length);
  }
}
