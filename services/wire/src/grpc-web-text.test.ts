import { describe, expect, it } from 'vitest';
import { encodeFrame } from './grpc-web.ts';
import { Base64ChunkDecoder, encodeBase64 } from './grpc-web-text.ts';

describe('gRPC-Web text mode', () => {
  it('decodes base64 split anywhere, including padding in the middle of a body', () => {
    const a = encodeFrame('data', Uint8Array.of(1, 2));
    const b = encodeFrame('data', Uint8Array.of(3));
    // Each write base64-encoded on its own, as grpc-web-text senders may do: "…==" mid-body.
    const body = encodeBase64(a) + encodeBase64(b);
    expect(body).toMatch(/=.+/);
    for (let cut = 0; cut <= body.length; cut++) {
      const d = new Base64ChunkDecoder();
      const bytes = [...d.push(body.slice(0, cut)), ...d.push(body.slice(cut))];
      expect(d.finish()).toBeUndefined();
      expect(bytes).toEqual([...a, ...b]);
    }
  });

  it('encodes large bodies without overflowing the argument limit', () => {
    const big = new Uint8Array(300_000).fill(0xab);
    expect(new Base64ChunkDecoder().push(encodeBase64(big))).toEqual(big);
  });

  it('rejects invalid characters and a truncated group', () => {
    const bad = new Base64ChunkDecoder();
    expect(bad.push('AAAA*AAA')).toEqual(new Uint8Array(0));
    expect(bad.error).toMatch(/invalid base64 at character 4/);
    const short = new Base64ChunkDecoder();
    short.push('AAAAAA');
    expect(short.finish()).toMatch(/truncated base64: 2 characters/);
  });
});
