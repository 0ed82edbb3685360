import { describe, expect, it } from 'vitest';
import { linkLocalFromMac, routerAdvertFrame } from './ndp.ts';
import { AnswerBudget, answerSolicitation } from './policy.ts';

const OURS = '02:00:00:00:00:01';
/** A solicitation as Linux sends it, from 52:54:00:aa:bb:cc (see ndp.test.ts). */
const RS = Uint8Array.from(
  Buffer.from(
    '333300000002525400aabbcc86dd6000000000103afffe800000000000005054' +
      '00fffeaabbccff0200000000000000000000000000028500619800000000' +
      '0101525400aabbcc',
    'hex',
  ),
);

describe('answering router solicitations', () => {
  it('answers at once, by unicast to the solicitor', () => {
    const v = answerSolicitation(RS, OURS, new AnswerBudget(), 0);
    expect(v?.kind).toBe('reply');
    if (v?.kind !== 'reply') return;
    expect(Buffer.from(v.frame.subarray(0, 6)).toString('hex')).toBe('525400aabbcc');
    expect([...v.frame.subarray(14 + 24, 14 + 40)]).toEqual([...linkLocalFromMac('52:54:00:aa:bb:cc')]);
  });

  it('ignores frames that are no solicitation, and counts bad ones', () => {
    expect(answerSolicitation(routerAdvertFrame(OURS), OURS, new AnswerBudget(), 0)).toBeUndefined();
    const bad = Uint8Array.from(RS);
    bad[14 + 7] = 1;
    expect(answerSolicitation(bad, OURS, new AnswerBudget(), 0)).toEqual({
      kind: 'drop',
      reason: 'router solicitation: hop limit 1, not 255',
    });
  });

  it('turns a flood into at most burst + rate answers', () => {
    const budget = new AnswerBudget(3, 2);
    const at = (ms: number) => answerSolicitation(RS, OURS, budget, ms)?.kind;
    expect([at(0), at(1), at(2), at(3)]).toEqual(['reply', 'reply', 'reply', 'drop']);
    expect(answerSolicitation(RS, OURS, budget, 4)).toEqual({ kind: 'drop', reason: 'rate limited' });
    // Two per second come back: one after 500 ms, not two.
    expect([at(504), at(505)]).toEqual(['reply', 'drop']);
    expect([at(5000), at(5001), at(5002), at(5003)]).toEqual(['reply', 'reply', 'reply', 'drop']);
  });
});
