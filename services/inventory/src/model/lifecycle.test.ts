import { describe, expect, it } from 'vitest';
import { applyMove, decide, initialLifecycle, type LifecycleInput } from './lifecycle.ts';
import { HISTORY_LIMIT, LIFECYCLE_STATES, type Lifecycle, type LifecycleState } from './node.ts';

const at = (state: LifecycleState, since = 100): Lifecycle => ({ state, since, history: [] });
const obs = (kind: Exclude<LifecycleInput['kind'], 'admin'>, t = 200): LifecycleInput => ({
  kind,
  at: t,
  source: 'boot',
  reason: kind,
});
const moved = (l: Lifecycle, input: LifecycleInput) => {
  const v = decide(l, input);
  return v.kind === 'move' ? v.entry.state : v.kind;
};

describe('lifecycle from feeds', () => {
  it('follows the golden path: discovered, booting, ready, off, and booting again on reboot', () => {
    let l = initialLifecycle(100, 'created', 'api');
    const steps: Array<[LifecycleInput, LifecycleState]> = [
      [obs('network-boot', 110), 'booting'],
      [obs('phone-home', 120), 'ready'],
      [obs('powered-off', 130), 'off'],
      [obs('network-boot', 140), 'booting'],
      [obs('phone-home', 150), 'ready'],
    ];
    for (const [input, want] of steps) {
      const v = decide(l, input);
      expect(v.kind).toBe('move');
      if (v.kind === 'move') l = applyMove(l, v.entry);
      expect(l.state).toBe(want);
      expect(l.since).toBe(input.at);
    }
    expect(l.history.map((h) => [h.state, h.at])).toEqual([
      ['discovered', 100],
      ['booting', 110],
      ['ready', 120],
      ['off', 130],
      ['booting', 140],
      ['ready', 150],
    ]);
  });

  it('does not add entries for repeated observations', () => {
    expect(moved(at('booting'), obs('network-boot'))).toBe('stay');
    expect(moved(at('ready'), obs('phone-home'))).toBe('stay');
    expect(moved(at('discovered'), obs('powered-off'))).toBe('stay');
  });

  it('ignores observations older than the current state (feeds race each other)', () => {
    const v = decide(at('ready', 500), obs('network-boot', 400));
    expect(v).toEqual({ kind: 'stay', why: 'stale: older than the ready state' });
  });

  it('lets nothing from a feed move a node in maintenance or retired', () => {
    for (const state of ['maintenance', 'retired'] as const)
      for (const kind of ['network-boot', 'phone-home', 'powered-off', 'boot-failed'] as const)
        expect(moved(at(state), obs(kind))).toBe('stay');
  });

  it('marks a failed boot, and recovers from it', () => {
    expect(moved(at('booting'), obs('boot-failed'))).toBe('failed');
    expect(moved(at('failed'), obs('network-boot'))).toBe('booting');
    expect(moved(at('failed'), obs('phone-home'))).toBe('ready');
  });
});

describe('lifecycle by hand', () => {
  const admin = (to: 'maintenance' | 'discovered' | 'retired'): LifecycleInput => ({
    kind: 'admin',
    to,
    at: 300,
    reason: '',
  });

  it('retires from any state, and retirement is final', () => {
    for (const s of LIFECYCLE_STATES.filter((x) => x !== 'retired'))
      expect(moved(at(s), admin('retired'))).toBe('retired');
    expect(decide(at('retired'), admin('maintenance'))).toEqual({
      kind: 'refuse',
      reason: expect.stringMatching(/final/),
    });
    expect(decide(at('retired'), admin('retired')).kind).toBe('stay');
  });

  it('goes back to discovered only from maintenance or failed', () => {
    expect(moved(at('maintenance'), admin('discovered'))).toBe('discovered');
    expect(moved(at('failed'), admin('discovered'))).toBe('discovered');
    expect(decide(at('ready'), admin('discovered'))).toEqual({
      kind: 'refuse',
      reason: expect.stringMatching(/this one is ready/),
    });
  });

  it('keeps only the latest history entries', () => {
    let l = initialLifecycle(0, 'created', 'api');
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++)
      l = applyMove(l, { state: i % 2 ? 'booting' : 'ready', at: i, reason: '', source: 'boot' });
    expect(l.history).toHaveLength(HISTORY_LIMIT);
    expect(l.history.at(-1)?.at).toBe(HISTORY_LIMIT + 10);
  });
});
