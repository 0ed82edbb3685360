/**
 * `application/grpc-web-text`: the same frames, base64-encoded, for clients that cannot send or
 * read binary bodies. A sender may base64 each write on its own, so padding can appear in the
 * middle of a body (PROTOCOL-WEB.md); decoding each 4-character group alone handles that.
 */

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked so String.fromCharCode never receives more arguments than the engine allows.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const GROUP = /^[A-Za-z0-9+/]{2}[A-Za-z0-9+/=]{2}$/;

/** Turns base64 text arriving in arbitrary chunks into bytes; the error is sticky. */
export class Base64ChunkDecoder {
  #pending = '';
  #error: string | undefined;

  get error(): string | undefined {
    return this.#error;
  }

  push(text: string): Uint8Array {
    if (this.#error !== undefined) return new Uint8Array(0);
    const all = this.#pending + text.replace(/[\r\n]/g, '');
    const whole = all.length - (all.length % 4);
    this.#pending = all.slice(whole);
    const out: number[] = [];
    for (let i = 0; i < whole; i += 4) {
      const group = all.slice(i, i + 4);
      if (!GROUP.test(group) || /=[^=]/.test(group)) {
        this.#error = `invalid base64 at character ${i}: ${JSON.stringify(group)}`;
        return new Uint8Array(0);
      }
      const binary = atob(group);
      for (let j = 0; j < binary.length; j++) out.push(binary.charCodeAt(j));
    }
    return Uint8Array.from(out);
  }

  /** Ends the text: an error when characters short of a group remain. */
  finish(): string | undefined {
    if (this.#error === undefined && this.#pending.length > 0) {
      this.#error = `truncated base64: ${this.#pending.length} characters short of a group`;
    }
    return this.#error;
  }
}
