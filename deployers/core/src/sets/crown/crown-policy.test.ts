import { describe, expect, it } from 'vitest';
import { type CrownInput, decideCrown, type HostSignals, type WorkerView } from './crown-policy.ts';

const m = (name: string, healthy = true) => ({ id: `id-${name}`, name, peerUrl: `https://${name}:2380`, healthy });
const w = (name: string, o: Partial<WorkerView> = {}): WorkerView => ({
  name,
  reachable: true,
  overlay: 'unknown',
  power: 'unknown',
  ...o,
});
const sig = (name: string, o: Partial<HostSignals> = {}): [string, HostSignals] => [
  name,
  { name, overlay: 'unknown', power: 'unknown', ...o },
];

function input(o: Partial<CrownInput> = {}): CrownInput {
  return {
    want: 3,
    graceMs: 30_000,
    now: 100_000,
    members: [m('a'), m('b'), m('c')],
    unhealthySince: new Map(),
    signals: new Map(),
    workers: [w('d'), w('e')],
    ...o,
  };
}

describe('crowning policy', () => {
  it('does nothing while every member is healthy', () => {
    expect(decideCrown(input())).toEqual({ kind: 'steady', reasons: ['3 of 3 members healthy'] });
  });

  it('waits out the grace time, then crowns the first healthy worker in place of the dead member', () => {
    const members = [m('a'), m('b'), m('c', false)];
    const early = decideCrown(input({ members, unhealthySince: new Map([['c', 80_000]]) }));
    expect(early).toEqual({ kind: 'wait', reasons: ['c: etcd unhealthy for 20 s of 30 s'] });
    const late = decideCrown(
      input({
        members,
        unhealthySince: new Map([['c', 60_000]]),
        signals: new Map([sig('c', { overlay: 'down', power: 'off' })]),
      }),
    );
    expect(late).toMatchObject({ kind: 'crown', worker: 'd', replaces: 'c', members: ['a', 'b', 'd'] });
    expect(late.reasons[0]).toBe('c: dead (etcd unhealthy for 40 s, overlay down, powered off)');
    expect(late.reasons[1]).toMatch(/^d is a healthy worker .*replaces c/);
  });

  it('does not crown while the overlay still sees the member: its host is there', () => {
    const d = decideCrown(
      input({
        members: [m('a'), m('b'), m('c', false)],
        unhealthySince: new Map([['c', 0]]),
        signals: new Map([sig('c', { overlay: 'up', power: 'on' })]),
      }),
    );
    expect(d).toEqual({ kind: 'wait', reasons: ['c: etcd unhealthy for 100 s, but its overlay link is up'] });
  });

  it('skips workers that are unreachable, cut off or powered off, and says why when none is left', () => {
    const dead = { members: [m('a'), m('b'), m('c', false)], unhealthySince: new Map([['c', 0]]) };
    const d = decideCrown(
      input({ ...dead, workers: [w('d', { reachable: false }), w('e', { overlay: 'down' }), w('f')] }),
    );
    expect(d).toMatchObject({ kind: 'crown', worker: 'f' });
    const none = decideCrown(input({ ...dead, workers: [w('d', { reachable: false }), w('e', { power: 'off' })] }));
    expect(none.kind).toBe('refused');
    expect(none.reasons.at(-1)).toBe('no healthy worker to crown (d: not reachable over SSH; e: powered off)');
  });

  it('never acts without quorum, and replaces one dead member per pass', () => {
    const two = decideCrown(
      input({
        members: [m('a'), m('b', false), m('c', false)],
        unhealthySince: new Map([
          ['b', 0],
          ['c', 0],
        ]),
      }),
    );
    expect(two.kind).toBe('refused');
    expect(two.reasons.at(-1)).toMatch(/no quorum \(1 of 3 members healthy\)/);
    const five = decideCrown(
      input({
        want: 5,
        members: [m('a'), m('b'), m('c'), m('d', false), m('e', false)],
        unhealthySince: new Map([
          ['d', 0],
          ['e', 0],
        ]),
        workers: [w('f'), w('g')],
      }),
    );
    expect(five).toMatchObject({ kind: 'crown', worker: 'f', replaces: 'd', members: ['a', 'b', 'c', 'e', 'f'] });
  });

  it('grows a control plane smaller than wanted, and refuses with no member answering', () => {
    expect(decideCrown(input({ members: [m('a'), m('b')] }))).toMatchObject({
      kind: 'crown',
      worker: 'd',
      members: ['a', 'b', 'd'],
    });
    expect(decideCrown(input({ members: undefined }))).toEqual({
      kind: 'refused',
      reasons: ['no etcd member answered'],
    });
  });
});
