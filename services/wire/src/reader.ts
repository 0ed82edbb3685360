/**
 * A bounds-checked reader over bytes with a sticky error: the first read past the end (or a
 * failed check) records why and every later read returns zeros, so a decoder reads its whole
 * structure straight through and asks once, at the end, whether the input was sound. Reading
 * past the end of a Uint8Array in JavaScript silently gives `undefined`; this never does.
 */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  #offset = 0;
  #error: string | undefined;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.#offset;
  }

  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  /** The first problem met, if any. */
  get error(): string | undefined {
    return this.#error;
  }

  get ok(): boolean {
    return this.#error === undefined;
  }

  /** Records a problem found by the decoder itself (a bad length, an unknown value). */
  fail(reason: string): void {
    this.#error ??= reason;
  }

  #take(n: number, what: string): number | undefined {
    if (this.#error !== undefined) return undefined;
    if (n < 0 || this.#offset + n > this.#bytes.length) {
      this.fail(`truncated: ${what} needs ${n} bytes at offset ${this.#offset}, ${this.remaining} left`);
      return undefined;
    }
    const at = this.#offset;
    this.#offset += n;
    return at;
  }

  u8(what = 'u8'): number {
    const at = this.#take(1, what);
    return at === undefined ? 0 : this.#view.getUint8(at);
  }

  u16(what = 'u16'): number {
    const at = this.#take(2, what);
    return at === undefined ? 0 : this.#view.getUint16(at);
  }

  u32(what = 'u32'): number {
    const at = this.#take(4, what);
    return at === undefined ? 0 : this.#view.getUint32(at);
  }

  /** A view (not a copy) of the next n bytes; empty after an error. */
  bytes(n: number, what = 'bytes'): Uint8Array {
    const at = this.#take(n, what);
    return at === undefined ? new Uint8Array(0) : this.#bytes.subarray(at, at + n);
  }

  /** Everything not yet read. */
  rest(): Uint8Array {
    return this.bytes(this.remaining, 'rest');
  }

  skip(n: number, what = 'skip'): void {
    this.#take(n, what);
  }

  /** Bytes up to (not including) the next NUL, consuming the NUL; fails when there is none. */
  cstring(what = 'string'): Uint8Array {
    if (this.#error !== undefined) return new Uint8Array(0);
    const end = this.#bytes.indexOf(0, this.#offset);
    if (end < 0) {
      this.fail(`unterminated ${what} at offset ${this.#offset}`);
      return new Uint8Array(0);
    }
    const out = this.#bytes.subarray(this.#offset, end);
    this.#offset = end + 1;
    return out;
  }

  /**
   * Ends decoding: the sticky error if there was one, else an error when bytes are left over
   * and `allowTrailing` is false. Returns undefined when the input was read cleanly.
   */
  finish(allowTrailing = false): string | undefined {
    if (this.#error !== undefined) return this.#error;
    if (!allowTrailing && this.remaining > 0) return `${this.remaining} trailing bytes at offset ${this.#offset}`;
    return undefined;
  }
}
