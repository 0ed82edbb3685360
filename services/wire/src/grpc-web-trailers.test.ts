import { describe, expect, it } from 'vitest';
import {
  decodeTrailers,
  encodeTrailers,
  percentDecodeGrpcMessage,
  percentEncodeGrpcMessage,
} from './grpc-web-trailers.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('gRPC-Web trailers', () => {
  it('encodes status, percent-encoded message and metadata as a header block', () => {
    const block = encodeTrailers({
      status: 5,
      message: 'no lease for 52:54:00:ab:cd:01 (100% sure)',
      metadata: [['X-Request-Id', 'abc']],
    });
    expect(text(block)).toBe(
      'grpc-status: 5\r\ngrpc-message: no lease for 52:54:00:ab:cd:01 (100%25 sure)\r\nx-request-id: abc\r\n',
    );
  });

  it('round-trips non-ASCII and control characters in the message', () => {
    const message = 'Ünïcode ✓ and a\r\nnew line\tand 🚀';
    const back = decodeTrailers(encodeTrailers({ status: 13, message, metadata: [] }));
    expect(back).toEqual({ ok: true, trailers: { status: 13, message, metadata: [] } });
  });

  it('refuses to send a value that would inject another header', () => {
    expect(() => encodeTrailers({ status: 0, message: '', metadata: [['x-a', 'b\r\ngrpc-status: 0']] })).toThrow(
      /trailer "x-a" cannot be sent/,
    );
    expect(() => encodeTrailers({ status: 0, message: '', metadata: [['bad key', 'b']] })).toThrow(/"bad key"/);
  });

  it('decodes spacing and case variants, and says what is wrong with a bad block', () => {
    const ok = decodeTrailers(new TextEncoder().encode('Grpc-Status:16\r\ngrpc-message:token%20expired\r\nx-b: 1\r\n'));
    expect(ok).toEqual({ ok: true, trailers: { status: 16, message: 'token expired', metadata: [['x-b', '1']] } });
    expect(decodeTrailers(new TextEncoder().encode('x-b: 1\r\n'))).toEqual({
      ok: false,
      error: 'trailers carry no grpc-status',
    });
    expect(decodeTrailers(new TextEncoder().encode('grpc-status: OK\r\n'))).toMatchObject({ ok: false });
    expect(decodeTrailers(new TextEncoder().encode('no colon here'))).toMatchObject({ ok: false });
  });

  it('keeps malformed percent sequences as written instead of failing', () => {
    expect(percentDecodeGrpcMessage('50%zz off %4')).toBe('50%zz off %4');
    expect(percentDecodeGrpcMessage('%E2%9C%93 %e2%9c%93')).toBe('✓ ✓');
    expect(percentEncodeGrpcMessage('a%b')).toBe('a%25b');
  });
});
