import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type GrpcWebFrame } from './grpc-web.ts';
import { decodeTrailers } from './grpc-web-trailers.ts';

// A response body as Envoy's gRPC-Web filter writes it: one message (field 1 = "hello"), then
// trailers with no space after the colon.
const ENVOY_BODY = Uint8Array.from([
  0x00,
  0x00,
  0x00,
  0x00,
  0x07,
  0x0a,
  0x05,
  0x68,
  0x65,
  0x6c,
  0x6c,
  0x6f,
  0x80,
  0x00,
  0x00,
  0x00,
  0x0f,
  ...new TextEncoder().encode('grpc-status:0\r\n'),
]);

function decodeInPieces(body: Uint8Array, cuts: number[], max?: number): { frames: GrpcWebFrame[]; error?: string } {
  const d = new FrameDecoder(max);
  const frames: GrpcWebFrame[] = [];
  let at = 0;
  for (const cut of [...cuts, body.length]) {
    frames.push(...d.push(body.subarray(at, cut)));
    at = cut;
  }
  const error = d.finish();
  return error ? { frames, error } : { frames };
}

describe('gRPC-Web frames', () => {
  it('decodes a captured body into its message and OK trailers', () => {
    const { frames, error } = decodeInPieces(ENVOY_BODY, []);
    expect(error).toBeUndefined();
    expect(frames.map((f) => f.kind)).toEqual(['data', 'trailers']);
    expect(new TextDecoder().decode(frames[0]!.payload.subarray(2))).toBe('hello');
    const t = decodeTrailers(frames[1]!.payload);
    expect(t.ok && t.trailers.status).toBe(0);
  });

  it('gives the same frames whatever the chunk boundaries (every single and double cut)', () => {
    const whole = decodeInPieces(ENVOY_BODY, []).frames;
    for (let a = 0; a <= ENVOY_BODY.length; a++) {
      for (let b = a; b <= ENVOY_BODY.length; b += 3) {
        const split = decodeInPieces(ENVOY_BODY, [a, b]);
        expect(split.error).toBeUndefined();
        expect(split.frames).toEqual(whole);
      }
    }
  });

  it('round-trips random messages fed one byte at a time', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const payloads = Array.from({ length: 1 + rand(4) }, () =>
        Uint8Array.from({ length: rand(300) }, () => rand(256)),
      );
      const body = Uint8Array.from(payloads.flatMap((p) => [...encodeFrame('data', p)]));
      const d = new FrameDecoder();
      const got = Array.from(body).flatMap((byte) => d.push(Uint8Array.of(byte)));
      expect(d.finish()).toBeUndefined();
      expect(got.map((f) => Array.from(f.payload))).toEqual(payloads.map((p) => Array.from(p)));
    }
  });

  it('rejects a frame larger than the limit as soon as its header arrives', () => {
    const d = new FrameDecoder(1024);
    expect(d.push(Uint8Array.of(0, 0, 0, 0x04, 0x01))).toEqual([]);
    expect(d.error).toBe('frame of 1025 bytes exceeds the limit of 1024 bytes');
    expect(d.buffered).toBe(0);
    // Sticky: a valid frame afterwards is not decoded.
    expect(d.push(encodeFrame('data', Uint8Array.of(1)))).toEqual([]);
  });

  it('reports a body cut short and rejects garbage and compressed frames', () => {
    expect(decodeInPieces(ENVOY_BODY.subarray(0, 9), []).error).toMatch(/truncated: 9 bytes of an unfinished frame/);
    expect(decodeInPieces(new TextEncoder().encode('GET / HTTP/1.1'), []).error).toMatch(/unknown frame flag 0x47/);
    expect(decodeInPieces(Uint8Array.of(1, 0, 0, 0, 0), []).error).toMatch(/compressed frames are not supported/);
  });

  it('accepts an empty message (a request with every field at its default)', () => {
    const { frames } = decodeInPieces(encodeFrame('data', new Uint8Array(0)), []);
    expect(frames).toEqual([{ kind: 'data', payload: new Uint8Array(0) }]);
  });
});
