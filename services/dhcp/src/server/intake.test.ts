import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Intake } from './intake.ts';

const DISCOVER = 1;
const REQUEST = 3;
const RELEASE = 7;

function intake(opts: { limit?: number; turnMs?: number; cost?: number } = {}) {
  const handled: string[] = [];
  const shed: string[] = [];
  let turns = 0;
  const q = new Intake<string>({
    limit: opts.limit ?? 100,
    turnMs: opts.turnMs ?? 1000,
    handle: (item) => {
      handled.push(item);
      const until = performance.now() + (opts.cost ?? 0);
      while (performance.now() < until);
    },
    shed: (item) => shed.push(item),
    afterTurn: () => turns++,
  });
  return { q, handled, shed, turns: () => turns };
}

describe('Intake', () => {
  it('hands requests that continue an exchange or a lease out before DISCOVERs, each kind in arrival order', async () => {
    const { q, handled, turns } = intake();
    q.admit('d1', DISCOVER);
    q.admit('r1', REQUEST);
    q.admit('junk', undefined);
    q.admit('d2', DISCOVER);
    q.admit('rel', RELEASE);
    expect(handled).toEqual([]);
    await nextTurn();
    expect(handled).toEqual(['r1', 'rel', 'd1', 'junk', 'd2']);
    expect(turns()).toBe(1);
  });

  it('sheds the oldest DISCOVER past the limit, never a request that continues an exchange', async () => {
    const { q, handled, shed } = intake({ limit: 2 });
    for (const d of ['d1', 'd2', 'd3', 'd4']) q.admit(d, DISCOVER);
    q.admit('r1', REQUEST);
    await nextTurn();
    expect(shed).toEqual(['d1', 'd2']);
    expect(handled).toEqual(['r1', 'd3', 'd4']);
  });

  it('gives the loop back after turnMs and carries on in the next turn', async () => {
    // Each item alone takes longer than a turn: one per turn, however busy the machine.
    const { q, handled, turns } = intake({ turnMs: 1, cost: 1.5 });
    for (const d of ['d1', 'd2', 'd3']) q.admit(d, DISCOVER);
    await nextTurn();
    expect(handled).toEqual(['d1']);
    await nextTurn();
    await nextTurn();
    expect(handled).toEqual(['d1', 'd2', 'd3']);
    expect(turns()).toBe(3);
  });

  it('handles nothing more once closed', async () => {
    const { q, handled } = intake();
    q.admit('d1', DISCOVER);
    q.close();
    await nextTurn();
    expect(handled).toEqual([]);
  });
});
