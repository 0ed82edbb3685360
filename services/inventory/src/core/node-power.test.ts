import { describe, expect, it } from 'vitest';
import { applyMove } from '../model/lifecycle.ts';
import { testNode } from '../store/store-contract.ts';
import { withBootTimeout, withObservedPower } from './node-power.ts';

const ready = () => {
  const n = testNode('a', 'alpha');
  const lifecycle = applyMove(n.lifecycle, { state: 'ready', at: 10, reason: 'phoned home', source: 'boot' });
  return { ...n, lifecycle, power: { ...n.power, observed: 'on' as const } };
};

describe('observed power', () => {
  it('moves a ready node to off when it is seen off, once', () => {
    const off = withObservedPower(ready(), 'off', 50, 'QEMU exited');
    expect(off.power).toMatchObject({ observed: 'off', changedAt: 50 });
    expect(off.lifecycle.state).toBe('off');
    expect(off.lifecycle.history.at(-1)).toEqual({ state: 'off', at: 50, reason: 'QEMU exited', source: 'power' });
    expect(withObservedPower(off, 'off', 60, 'again')).toBe(off);
  });

  it('leaves the lifecycle of a node seen on alone (the feeds say when it boots)', () => {
    const n = { ...ready(), power: { ...ready().power, observed: 'off' as const } };
    const on = withObservedPower(n, 'on', 70, 'started');
    expect(on.power.observed).toBe('on');
    expect(on.lifecycle.state).toBe('ready');
  });
});

describe('boot timeout', () => {
  it('fails a boot that never phoned home, and only then', () => {
    const n = testNode('a', 'alpha');
    const booting = {
      ...n,
      lifecycle: applyMove(n.lifecycle, { state: 'booting', at: 100, reason: '', source: 'dhcp' }),
    };
    expect(withBootTimeout(booting, 100 + 59_000, 60_000)).toBe(booting);
    const failed = withBootTimeout(booting, 100 + 60_000, 60_000);
    expect(failed.lifecycle.state).toBe('failed');
    expect(failed.lifecycle.history.at(-1)?.reason).toBe('no phone-home 60 s after booting started');
    expect(withBootTimeout(ready(), 1e9, 60_000).lifecycle.state).toBe('ready');
  });
});
