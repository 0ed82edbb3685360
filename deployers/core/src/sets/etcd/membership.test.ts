import { describe, expect, it } from 'vitest';
import { type ObservedMember, planMembership } from './membership.ts';

const m = (name: string, healthy = true): ObservedMember => ({
  id: `id-${name}`,
  name,
  peerUrl: `https://${name}:2380`,
  healthy,
});

describe('etcd membership policy: never below quorum', () => {
  it('bootstraps when no cluster answers, and changes nothing when it matches', () => {
    expect(planMembership(['a', 'b', 'c'], undefined)).toEqual({ kind: 'bootstrap', members: ['a', 'b', 'c'] });
    expect(planMembership(['a', 'b', 'c'], [m('a'), m('b'), m('c')])).toEqual({
      kind: 'change',
      remove: [],
      add: [],
      keep: ['a', 'b', 'c'],
    });
  });

  it('grows 3 to 5 one by one, shrinks 5 to 3', () => {
    expect(planMembership(['a', 'b', 'c', 'd', 'e'], [m('a'), m('b'), m('c')])).toMatchObject({ add: ['d', 'e'] });
    const shrink = planMembership(['a', 'b', 'c'], [m('a'), m('b'), m('c'), m('d'), m('e')]);
    expect(shrink.kind === 'change' && shrink.remove.map((x) => x.name)).toEqual(['d', 'e']);
  });

  it('replaces a dead member: removes it first, then adds the new one', () => {
    const p = planMembership(['a', 'b', 'd'], [m('a'), m('b'), m('c', false)]);
    expect(p).toMatchObject({ kind: 'change', add: ['d'] });
    expect(p.kind === 'change' && p.remove.map((x) => x.name)).toEqual(['c']);
  });

  it('refuses what would lose quorum', () => {
    expect(planMembership(['a', 'b', 'c'], [m('a'), m('b', false), m('c', false)])).toMatchObject({
      kind: 'refused',
      reason: /no quorum \(1 of 3/,
    });
    // 3 members, one dead: removing a healthy one leaves 1 healthy of 2.
    expect(planMembership(['a', 'c'], [m('a'), m('b'), m('c', false)])).toMatchObject({
      kind: 'refused',
      reason: /removing b would leave 1 healthy of 2/,
    });
    expect(planMembership(['a'], [m('a')])).toMatchObject({ kind: 'change' });
    expect(planMembership([], [m('a')])).toMatchObject({ kind: 'refused' });
  });
});
