import { ipv4ToNumber, isIPv4, numberToIPv4 } from '@paddock/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dottedQuad } from './dotted-quad.ts';

describe('dottedQuad', () => {
  it('agrees with @paddock/wire on every address', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        expect(dottedQuad(numberToIPv4(n))).toBe(n);
      }),
    );
  });

  it('refuses what isIPv4 refuses, and accepts what it accepts', () => {
    const near = fc.oneof(
      fc.string({ maxLength: 17 }),
      fc
        .array(fc.oneof(fc.nat({ max: 999 }).map(String), fc.constantFrom('', '00', '01', '-1', ' 1', '1e2', 'x')), {
          minLength: 1,
          maxLength: 5,
        })
        .map((p) => p.join('.')),
    );
    fc.assert(
      fc.property(near, (t) => {
        expect(dottedQuad(t)).toBe(isIPv4(t) ? ipv4ToNumber(t) : -1);
      }),
      { numRuns: 2000 },
    );
  });
});
