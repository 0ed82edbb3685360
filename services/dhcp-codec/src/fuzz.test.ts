import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, MAX_DATAGRAM_LENGTH } from './decode.ts';
import { encodeMessage } from './encode.ts';
import type { DhcpMessage } from './message.ts';
import { FIXTURES, fixture } from './testdata/fixtures.ts';

const REASONS =
  /^(oversized|truncated|bad-op|bad-hlen|bad-magic-cookie|bad-option-length|bad-overload|missing-message-type|unknown-message-type)$/;

/** Encode puts option 53 first; that is the only change a round trip may make. */
const fiftyThreeFirst = (m: DhcpMessage): DhcpMessage => ({
  ...m,
  options: [...m.options.filter((o) => o.code === 53), ...m.options.filter((o) => o.code !== 53)],
});

/** Whatever the input: no throw; either a known reason, or a message that round-trips. */
function holds(bytes: Uint8Array): void {
  const d = decodeMessage(bytes);
  if (!d.ok) {
    expect(d.reason.code).toMatch(REASONS);
    return;
  }
  const e = encodeMessage(d.message, { maxLength: MAX_DATAGRAM_LENGTH });
  if (!e.ok) throw new Error(`re-encode failed: ${e.reason.detail}`);
  const again = decodeMessage(e.bytes);
  expect(again.ok && again.message).toEqual(fiftyThreeFirst(d.message));
}

const real = fc.constantFrom(...FIXTURES.map(fixture));

/** A real packet with a few bytes overwritten, some bits flipped, or cut short. */
const mutated = fc
  .tuple(
    real,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { maxLength: 4 }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([base, writes, flips, cut]) => {
    const b = base.slice(0, cut === undefined ? base.length : cut % (base.length + 1));
    for (const [at, v] of writes) if (b.length > 0) b[at % b.length] = v;
    for (const [at, bit] of flips) if (b.length > 0) b[at % b.length]! ^= 1 << bit;
    return b;
  });

/** Mutations aimed at option length bytes, where decoders usually go wrong. */
const lengthCorrupted = fc.tuple(real, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([base, pick, len]) => {
  const b = base.slice();
  const starts: number[] = [];
  for (let at = 240; at < b.length && b[at] !== 255; at += b[at] === 0 ? 1 : 2 + b[at + 1]!) starts.push(at);
  if (starts.length > 0) b[starts[pick % starts.length]! + 1] = len;
  return b;
});

/** Random header with a valid cookie and random option bytes: reaches the option parser. */
const withCookie = fc
  .tuple(fc.uint8Array({ minLength: 236, maxLength: 236 }), fc.uint8Array({ maxLength: 600 }))
  .map(([head, opts]) => {
    const b = Uint8Array.of(...head, 0x63, 0x82, 0x53, 0x63, 53, 1, 3, ...opts);
    b[0] = 1 + (b[0]! & 1);
    b[2] = b[2]! % 17;
    return b;
  });

describe('fuzzing decode and round trips', () => {
  it('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (b) => holds(b)),
      { numRuns: 3000 },
    );
  });

  it('mutated real packets never throw, and any that decode round-trip', () => {
    fc.assert(
      fc.property(mutated, (b) => holds(b)),
      { numRuns: 4000 },
    );
  });

  it('corrupted option lengths are caught or decode consistently', () => {
    fc.assert(
      fc.property(lengthCorrupted, (b) => holds(b)),
      { numRuns: 2000 },
    );
  });

  it('random option areas behind a valid header decode or give a reason', () => {
    fc.assert(
      fc.property(withCookie, (b) => holds(b)),
      { numRuns: 3000 },
    );
  });
});
