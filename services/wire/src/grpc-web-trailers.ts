/**
 * gRPC-Web trailers: the payload of a 0x80 frame is an HTTP/1-style header block
 * ("grpc-status: 5\r\ngrpc-message: no%20such%20lease\r\n"), because a browser's fetch cannot
 * read real HTTP trailers. Keys are lower-case (PROTOCOL-WEB.md).
 */

export interface GrpcTrailers {
  /** The gRPC status code; 0 is OK. */
  status: number;
  /** The human-readable status message, already percent-decoded. */
  message: string;
  /** Every other trailer, in order, with lower-case keys. */
  metadata: [string, string][];
}

export type TrailersResult = { ok: true; trailers: GrpcTrailers } | { ok: false; error: string };

/** HTTP token characters; keeps a bad key from smuggling a second header into the block. */
const KEY = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const LINE_BREAK = /[\r\n]/;

/** Encodes trailers; throws a RangeError naming the key of a header that cannot be sent. */
export function encodeTrailers(t: GrpcTrailers): Uint8Array {
  const lines = [`grpc-status: ${t.status}`];
  if (t.message) lines.push(`grpc-message: ${percentEncodeGrpcMessage(t.message)}`);
  for (const [rawKey, value] of t.metadata) {
    const key = rawKey.toLowerCase();
    if (!KEY.test(key) || LINE_BREAK.test(value))
      throw new RangeError(`trailer ${JSON.stringify(rawKey)} cannot be sent`);
    if (key === 'grpc-status' || key === 'grpc-message') continue;
    lines.push(`${key}: ${value}`);
  }
  return new TextEncoder().encode(`${lines.map((l) => `${l}\r\n`).join('')}`);
}

export function decodeTrailers(payload: Uint8Array): TrailersResult {
  const text = new TextDecoder().decode(payload);
  let status: number | undefined;
  let message = '';
  const metadata: [string, string][] = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, error: `malformed trailer line ${JSON.stringify(line.slice(0, 80))}` };
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'grpc-status') {
      if (!/^\d{1,3}$/.test(value)) return { ok: false, error: `grpc-status ${JSON.stringify(value)} is not a code` };
      status = Number(value);
    } else if (key === 'grpc-message') message = percentDecodeGrpcMessage(value);
    else metadata.push([key, value]);
  }
  if (status === undefined) return { ok: false, error: 'trailers carry no grpc-status' };
  return { ok: true, trailers: { status, message, metadata } };
}

/**
 * gRPC over HTTP/2 spec, "Status-Message": UTF-8 bytes outside 0x20–0x7E, and '%' itself, are
 * sent as %XX so any text survives a header.
 */
export function percentEncodeGrpcMessage(message: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(message)) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The spec says a receiver must not fail on a bad %-sequence: it keeps it as written. */
export function percentDecodeGrpcMessage(text: string): string {
  // '%' and hex digits are ASCII, so working on the UTF-8 bytes never splits a character.
  const input = new TextEncoder().encode(text);
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const hi = hexValue(input[i + 1]);
    const lo = hexValue(input[i + 2]);
    if (input[i] === 0x25 && hi >= 0 && lo >= 0) {
      out.push(hi * 16 + lo);
      i += 2;
    } else out.push(input[i]!);
  }
  return new TextDecoder().decode(Uint8Array.from(out));
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
