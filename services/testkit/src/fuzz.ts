import fc from 'fast-check';

/**
 * `base` with a few bytes overwritten, then cut short and given a tail: the shapes damaged or
 * hostile input takes on the wire. Every codec fuzz test starts from a valid encoding of its own
 * and feeds this to the decoder, which must answer with a verdict, never a throw.
 */
export const mutated = (base: Uint8Array): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(Math.max(0, base.length - 1)), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      fc.nat(base.length),
      fc.uint8Array({ maxLength: 8 }),
    )
    .map(([edits, cut, tail]) => {
      const b = Uint8Array.from(base);
      for (const [at, v] of edits) if (at < b.length) b[at] = v;
      return Uint8Array.from([...b.subarray(0, cut), ...tail]);
    });
