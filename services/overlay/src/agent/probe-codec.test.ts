import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeProbe, encodeProbe } from './probe-codec.ts';

describe('probe codec', () => {
  it('round-trips requests and answers', () => {
    fc.assert(
      fc.property(fc.constantFrom('request' as const, 'answer' as const), fc.nat(0xffffffff), (kind, seq) => {
        expect(decodeProbe(encodeProbe({ kind, seq }))).toEqual({ kind, seq });
      }),
    );
  });

  it('names a drop for anything else, never throwing', () => {
    expect(decodeProbe(new Uint8Array(11))).toEqual({ drop: 'length' });
    expect(decodeProbe(new Uint8Array(12))).toEqual({ drop: 'magic' });
    const bad = encodeProbe({ kind: 'request', seq: 1 });
    bad[4] = 3;
    expect(decodeProbe(bad)).toEqual({ drop: 'kind' });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => void decodeProbe(b)));
  });
});
