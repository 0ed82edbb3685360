/** HTTP/2 frames (RFC 9113 §4, §6): what the client's session reads and writes. */

export const FrameType = {
  data: 0x0,
  headers: 0x1,
  priority: 0x2,
  rstStream: 0x3,
  settings: 0x4,
  pushPromise: 0x5,
  ping: 0x6,
  goaway: 0x7,
  windowUpdate: 0x8,
  continuation: 0x9,
} as const;

export const Flag = { endStream: 0x1, ack: 0x1, endHeaders: 0x4, padded: 0x8, priority: 0x20 } as const;

export const Setting = {
  headerTableSize: 0x1,
  enablePush: 0x2,
  maxConcurrentStreams: 0x3,
  initialWindowSize: 0x4,
  maxFrameSize: 0x5,
  maxHeaderListSize: 0x6,
} as const;

/** RFC 9113 §7, by code: the names a reset or GOAWAY is reported with. */
export const ERROR_NAMES = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
] as const;
export const CANCEL = 0x8;
export const PROTOCOL_ERROR = 0x1;

export const PREFACE = new TextEncoder().encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
/** The frame size every peer accepts until its settings say more (SETTINGS_MAX_FRAME_SIZE). */
export const DEFAULT_MAX_FRAME = 16_384;
const HEADER = 9;

export interface Frame {
  type: number;
  flags: number;
  stream: number;
  payload: Uint8Array;
}

/** One frame: its 9-octet header, then `payload`. */
export function encodeFrame(type: number, flags: number, stream: number, payload: Uint8Array = EMPTY): Uint8Array {
  const out = new Uint8Array(HEADER + payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, payload.length << 8);
  v.setUint8(3, type);
  v.setUint8(4, flags);
  v.setUint32(5, stream & 0x7fffffff);
  out.set(payload, HEADER);
  return out;
}
const EMPTY = new Uint8Array(0);

/** A payload of 32-bit big-endian words, as SETTINGS, PING, WINDOW_UPDATE and RST_STREAM carry. */
export function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const v = new DataView(out.buffer);
  values.forEach((n, i) => {
    v.setUint32(4 * i, n >>> 0);
  });
  return out;
}

/** A SETTINGS payload from (identifier, value) pairs. */
export function settingsPayload(pairs: Array<[number, number]>): Uint8Array {
  const out = new Uint8Array(6 * pairs.length);
  const v = new DataView(out.buffer);
  pairs.forEach(([id, value], i) => {
    v.setUint16(6 * i, id);
    v.setUint32(6 * i + 2, value);
  });
  return out;
}

/**
 * Splits the bytes a connection delivers into frames. A frame over `maxFrame` (what this side
 * announced) is a FRAME_SIZE_ERROR: `push` throws, and the connection must end.
 */
export class FrameReader {
  readonly #maxFrame: number;
  #buffer: Uint8Array = EMPTY;

  constructor(maxFrame: number) {
    this.#maxFrame = maxFrame;
  }

  *push(chunk: Uint8Array): Generator<Frame> {
    let buf = this.#buffer.length === 0 ? chunk : concat([this.#buffer, chunk]);
    while (buf.length >= HEADER) {
      const length = (buf[0] as number) * 65536 + (buf[1] as number) * 256 + (buf[2] as number);
      if (length > this.#maxFrame) throw new Error(`a frame of ${length} octets, over the ${this.#maxFrame} allowed`);
      if (buf.length < HEADER + length) break;
      const v = new DataView(buf.buffer, buf.byteOffset, HEADER);
      const frame = {
        type: buf[3] as number,
        flags: buf[4] as number,
        stream: v.getUint32(5) & 0x7fffffff,
        payload: buf.subarray(HEADER, HEADER + length),
      };
      buf = buf.subarray(HEADER + length);
      this.#buffer = buf;
      yield frame;
    }
    this.#buffer = buf;
  }
}

/** The parts' bytes in one array (one part is given back as it is). */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A HEADERS or DATA payload without its padding and priority fields. Throws when the padding
 * is longer than the frame (a PROTOCOL_ERROR).
 */
export function unpadded(f: Frame): Uint8Array {
  let p = f.payload;
  let pad = 0;
  if (f.flags & Flag.padded) {
    if (p.length < 1) throw new Error('a padded frame with no pad length');
    pad = p[0] as number;
    p = p.subarray(1);
  }
  if (f.type === FrameType.headers && f.flags & Flag.priority) p = p.subarray(5);
  if (pad > p.length) throw new Error('a frame whose padding is longer than its payload');
  return p.subarray(0, p.length - pad);
}
