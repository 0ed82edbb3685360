import { expect, it } from 'vitest';
import { type ClaimState, type Machine, planClaims } from './claim-policy.ts';

const m = (id: string, wanted = true): Machine => ({ id, name: `vm-${id}`, wanted });
const state = (o: Partial<ClaimState> = {}): ClaimState => ({
  host: 'h1',
  capacity: 2,
  claimed: new Map(),
  held: new Set(),
  failures: new Map(),
  failedHere: new Set(),
  now: 100_000,
  ...o,
});
const ids = (v: { id: string }[]) => v.map((x) => x.id).sort();

it('claims wanted machines nobody holds, up to its capacity', () => {
  const machines = [m('a'), m('b'), m('c'), m('d', false)];
  expect(ids(planClaims(machines, state({ capacity: 5 })).take)).toEqual(['a', 'b', 'c']);
  expect(planClaims(machines, state()).take).toHaveLength(2);
  // Held ones count against the capacity; claimed elsewhere are left alone.
  const v = planClaims(
    machines,
    state({
      held: new Set(['a']),
      claimed: new Map([
        ['a', 'h1'],
        ['b', 'h2'],
      ]),
    }),
  );
  expect(ids(v.take)).toEqual(['c']);
  expect(v.release).toEqual([]);
  expect(planClaims(machines, state({ capacity: 0 })).take).toEqual([]);
});

it('gives up machines deleted, desired off or failing to start here, freeing capacity', () => {
  const v = planClaims([m('b', false), m('c'), m('e')], {
    ...state({ capacity: 3, held: new Set(['a', 'b', 'c']), failedHere: new Set(['c']) }),
    claimed: new Map([
      ['a', 'h1'],
      ['b', 'h1'],
      ['c', 'h1'],
    ]),
  });
  expect(v.release).toEqual([
    { id: 'a', why: 'the machine was deleted' },
    { id: 'b', why: 'the machine is no longer desired on' },
    { id: 'c', why: 'it failed to start here' },
  ]);
  expect(ids(v.take)).toEqual(['e']);
});

it('backs off from a machine that failed here, longer after each failure', () => {
  const failures = new Map([['a', { count: 1, at: 99_000 }]]);
  expect(ids(planClaims([m('a')], state({ failures })).take)).toEqual([]);
  expect(ids(planClaims([m('a')], state({ failures, now: 101_000 })).take)).toEqual(['a']);
  const thrice = new Map([['a', { count: 3, at: 99_000 }]]);
  expect(ids(planClaims([m('a')], state({ failures: thrice, now: 101_000 })).take)).toEqual([]);
  expect(ids(planClaims([m('a')], state({ failures: thrice, now: 107_000 })).take)).toEqual(['a']);
});

it('hosts order machines differently, each the same way every time', () => {
  const machines = Array.from({ length: 8 }, (_, i) => m(`m${i}`));
  const first = (host: string) => planClaims(machines, state({ host, capacity: 1 })).take[0]!.id;
  expect(first('h1')).toBe(first('h1'));
  const firsts = new Set(['h1', 'h2', 'h3', 'h4', 'h5'].map(first));
  expect(firsts.size).toBeGreaterThan(1);
});
