import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatJoinCode, parseJoinCode } from './join-code.ts';
import { formatToken } from './token-code.ts';

const good = {
  url: 'https://keys.lab:7447',
  node: 'dhcp1',
  token: formatToken(randomBytes(13)),
  caSha256: 'ab'.repeat(32),
};

describe('join codes', () => {
  it('round-trip, and name what is wrong with damaged ones', () => {
    expect(parseJoinCode(` ${formatJoinCode(good)}\n`)).toEqual({ ok: true, value: good });
    const bad = (j: Partial<typeof good>) => parseJoinCode(formatJoinCode({ ...good, ...j }));
    expect(bad({ url: 'http://keys.lab:7447' })).toMatchObject({ ok: false, reason: expect.stringMatching(/https/) });
    expect(bad({ caSha256: 'abc' })).toMatchObject({ ok: false, reason: expect.stringMatching(/SHA-256/) });
    // Its last check character changed (to one it is not: a random token ends in X one time in 32).
    const last = good.token.at(-1) === 'X' ? 'Y' : 'X';
    expect(bad({ token: `${good.token.slice(0, -1)}${last}` })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/token/),
    });
    expect(parseJoinCode('pdt-XXXX')).toMatchObject({ ok: false, reason: expect.stringMatching(/pdj-/) });
    expect(parseJoinCode(formatJoinCode(good).slice(0, 40))).toMatchObject({ ok: false });
  });

  it('never throws on any text (fuzzed)', () => {
    const code = formatJoinCode(good);
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (s) => {
        const r = parseJoinCode(s);
        return r.ok || r.reason.length > 0;
      }),
    );
    fc.assert(
      fc.property(fc.nat(code.length - 1), fc.string({ minLength: 1, maxLength: 3 }), (i, s) => {
        const r = parseJoinCode(code.slice(0, i) + s + code.slice(i + 1));
        return r.ok ? r.value.node.length > 0 : r.reason.length > 0;
      }),
    );
  });
});
