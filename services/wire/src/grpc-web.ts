/**
 * gRPC-Web framing (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md): a body is a
 * run of frames, each a 1-byte flag, a 4-byte big-endian length and the payload. Flag 0x00 is a
 * message, 0x80 the trailers. Pure: no sockets, no timers; the browser client and the server
 * bridge both use it.
 */
import { ByteReader } from './reader.ts';

export const GRPC_WEB_DATA = 0x00;
export const GRPC_WEB_TRAILERS = 0x80;
/** Bit 0 marks a compressed message; Paddock never negotiates grpc-encoding, so it is refused. */
const COMPRESSED = 0x01;
const HEADER_BYTES = 5;
/** grpc-js's default receive limit: a larger frame from either side is a mistake or an attack. */
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;

export interface GrpcWebFrame {
  kind: 'data' | 'trailers';
  payload: Uint8Array;
}

export function encodeFrame(kind: GrpcWebFrame['kind'], payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  out[0] = kind === 'trailers' ? GRPC_WEB_TRAILERS : GRPC_WEB_DATA;
  new DataView(out.buffer).setUint32(1, payload.length);
  out.set(payload, HEADER_BYTES);
  return out;
}

/**
 * Cuts frames out of a byte stream that arrives in chunks split anywhere (a fetch body or an
 * HTTP request). Like ByteReader the error is sticky: after the first problem `push` returns
 * nothing more and `error` says why; `finish` also reports a frame cut short by the end.
 */
export class FrameDecoder {
  readonly #maxFrameBytes: number;
  /**
   * Chunks received and not yet cut into frames, joined only once a whole frame is there: a
   * large message arrives in many small chunks, and joining at each would copy it quadratically.
   */
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #error: string | undefined;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  get error(): string | undefined {
    return this.#error;
  }

  /** Bytes received but not yet part of a whole frame. */
  get buffered(): number {
    return this.#buffered;
  }

  push(chunk: Uint8Array): GrpcWebFrame[] {
    if (this.#error !== undefined) return [];
    if (chunk.length > 0) {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
    }
    const frames: GrpcWebFrame[] = [];
    for (;;) {
      const frame = this.#next();
      if (!frame) break;
      frames.push(frame);
    }
    return frames;
  }

  /** Ends the stream: the sticky error, or one for a partial frame left over, else undefined. */
  finish(): string | undefined {
    if (this.#error === undefined && this.#buffered > 0) {
      this.#error = `truncated: ${this.#buffered} bytes of an unfinished frame at end of stream`;
    }
    return this.#error;
  }

  #next(): GrpcWebFrame | undefined {
    if (this.#buffered < HEADER_BYTES) return undefined;
    if ((this.#chunks[0] as Uint8Array).length < HEADER_BYTES) this.#join();
    const r = new ByteReader(this.#chunks[0] as Uint8Array);
    const flag = r.u8('flag');
    const length = r.u32('length');
    const problem = this.#checkHeader(flag, length);
    if (problem) {
      this.#error = problem;
      this.#chunks = [];
      this.#buffered = 0;
      return undefined;
    }
    if (this.#buffered < HEADER_BYTES + length) return undefined;
    const all = this.#join();
    // A copy, so the caller may keep the payload while the buffer moves on.
    const payload = all.slice(HEADER_BYTES, HEADER_BYTES + length);
    const rest = all.subarray(HEADER_BYTES + length);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered = rest.length;
    return { kind: flag === GRPC_WEB_TRAILERS ? 'trailers' : 'data', payload };
  }

  /** Joins the buffered chunks into one (the first chunk afterwards). */
  #join(): Uint8Array {
    if (this.#chunks.length > 1) {
      const out = new Uint8Array(this.#buffered);
      let at = 0;
      for (const c of this.#chunks) {
        out.set(c, at);
        at += c.length;
      }
      this.#chunks = [out];
    }
    return this.#chunks[0] as Uint8Array;
  }

  #checkHeader(flag: number, length: number): string | undefined {
    if ((flag & ~(COMPRESSED | GRPC_WEB_TRAILERS)) !== 0) {
      return `unknown frame flag 0x${flag.toString(16).padStart(2, '0')} (not a gRPC-Web body?)`;
    }
    if (flag & COMPRESSED) return 'compressed frames are not supported (no grpc-encoding was negotiated)';
    if (length > this.#maxFrameBytes) {
      return `frame of ${length} bytes exceeds the limit of ${this.#maxFrameBytes} bytes`;
    }
    return undefined;
  }
}
